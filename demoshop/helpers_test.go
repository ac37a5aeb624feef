package demoshop

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/text/width"
)

// newShop returns a shop or fails the test.
func newShop(tb testing.TB, n int, seed int64) *Shop {
	tb.Helper()
	s, err := New(Options{Listings: n, Seed: seed})
	if err != nil {
		tb.Fatalf("New(%d, %d): %v", n, seed, err)
	}
	return s
}

// newServer serves s on 127.0.0.1 for the test.
func newServer(tb testing.TB, s *Shop) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(s.Handler())
	tb.Cleanup(srv.Close)
	return srv
}

// get fetches url with optional request headers (name, value, …).
func get(tb testing.TB, url string, headers ...string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("read %s: %v", url, err)
	}
	return resp, body
}

// t2s maps the traditional characters the shop writes to simplified ones,
// for the characters that occur in rule terms.
var t2s = func() map[rune]rune {
	pairs := "郵邮運运費费價价僅仅塊块後后現现動动殺杀滿满減减豬猪奧奥兒儿風风優优無无寶宝達达庫库" +
		"絨绒絲丝蠶蚕純纯頭头層层發发據据開开稅税點点續续貨货轉转賬账帳账匯汇線线銀银時时當当內内" +
		"級级頂顶極极絕绝對对網网專专領领馳驰國国軍军銷销獨独換换謹谨詐诈騙骗嗎吗沒没凱凯貓猫愛爱" +
		"馬马羅罗萊莱個个選选質质擇择藝艺遠远區区滬沪補补處处險险贈赠聯联創创誠诚為为鐘钟裡里題题" +
		"頭头羊羊務务說说購购須须溫温讓让應应氣气寬宽鬆松藍蓝紅红綠绿麥麦細细節节圖图實实場场參参" +
		"寫写規规電电"
	m := map[rune]rune{}
	rs := []rune(pairs)
	for i := 0; i+1 < len(rs); i += 2 {
		m[rs[i]] = rs[i+1]
	}
	return m
}()

// isSeparator reports runes the checks tolerate inside a term.
func isSeparator(r rune) bool {
	return strings.ContainsRune(" \t\n　·・-_/|｜,，。、；;：:!！?？()（）[]【】\"'“”‘’", r)
}

// normRune folds one rune the way the checks normalise text: full-width to
// half-width, traditional to simplified, lower case. It returns -1 for a
// separator.
func normRune(r rune) rune {
	if isSeparator(r) {
		return -1
	}
	if f := []rune(width.Fold.String(string(r))); len(f) == 1 {
		r = f[0]
	}
	if isSeparator(r) {
		return -1
	}
	if s, ok := t2s[r]; ok {
		r = s
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// norm normalises a string (separators kept out).
func norm(s string) string {
	var b strings.Builder
	for _, r := range s {
		if n := normRune(r); n >= 0 {
			b.WriteRune(n)
		}
	}
	return b.String()
}
