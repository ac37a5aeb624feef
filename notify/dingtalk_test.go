package notify

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDingTalkSign(t *testing.T) {
	if got, want := DingTalkSign(1700000000000, "SECxyz"), hmacB64("SECxyz", "1700000000000\nSECxyz"); got != want {
		t.Errorf("DingTalkSign = %q, want %q", got, want)
	}
}

func TestDingTalkSignedMarkdown(t *testing.T) {
	rec := newRecorder(t, reply{200, `{"errcode":0,"errmsg":"ok"}`})
	ch := Channel{Kind: KindDingTalk, URL: rec.srv.URL + "/robot/send?access_token=" + testToken, SecretEnv: "XUNDIAN_TEST_SECRET"}
	if err := Send(t.Context(), rec.srv.Client(), ch, testDigest(3), testOptions(nil)); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	q := reqs[0].Query
	if q.Get("access_token") != testToken {
		t.Errorf("access_token lost: %v", q)
	}
	ts := q.Get("timestamp")
	if ts != strconv.FormatInt(testNow.UnixMilli(), 10) {
		t.Errorf("timestamp = %q, want %d (milliseconds)", ts, testNow.UnixMilli())
	}
	// Verify the signature independently of DingTalkSign's code path.
	want := hmacB64(testSecret, ts+"\n"+testSecret)
	if q.Get("sign") != want {
		t.Errorf("sign = %q, want %q", q.Get("sign"), want)
	}
	// base64 has + / =: the raw query must carry them URL-encoded.
	if !strings.Contains(reqs[0].RawQuery, "sign="+url.QueryEscape(want)) {
		t.Errorf("raw query %q lacks the URL-encoded sign", reqs[0].RawQuery)
	}
	if reqs[0].Path != "/robot/send" {
		t.Errorf("path = %q", reqs[0].Path)
	}
	var m struct {
		MsgType  string `json:"msgtype"`
		Markdown struct{ Title, Text string }
	}
	if err := json.Unmarshal(reqs[0].Body, &m); err != nil {
		t.Fatal(err)
	}
	if m.MsgType != "markdown" || m.Markdown.Title == "" {
		t.Errorf("payload = %s, want msgtype markdown with a title", reqs[0].Body)
	}
	for _, want := range []string{"巡店日报", "新增 **3**", "扣分敞口 **26**", "⚠", "https://reports.example/xundian/2026-11-22.html"} {
		if !strings.Contains(m.Markdown.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Markdown.Text)
		}
	}
}

func TestDingTalkErrcodeIsAnErrorWithoutSecrets(t *testing.T) {
	rec := newRecorder(t, reply{200, `{"errcode":310000,"errmsg":"sign not match"}`})
	ch := Channel{Kind: KindDingTalk, URL: rec.srv.URL + "/robot/send?access_token=" + testToken, SecretEnv: "XUNDIAN_TEST_SECRET"}
	err := Send(t.Context(), rec.srv.Client(), ch, testDigest(1), testOptions(nil))
	assertNoSecret(t, err)
	if !strings.Contains(err.Error(), "310000") {
		t.Errorf("error %q lacks the errcode", err)
	}
	if n := len(rec.requests()); n != 1 {
		t.Errorf("%d requests, want 1: a bad signature is not retried", n)
	}
}

func TestDingTalkRateLimitIsRetried(t *testing.T) {
	rec := newRecorder(t, reply{200, `{"errcode":130101,"errmsg":"send too fast"}`}, reply{200, `{"errcode":0}`})
	var sleeps []time.Duration
	ch := Channel{Kind: KindDingTalk, URL: rec.srv.URL + "/robot/send?access_token=" + testToken}
	if err := Send(t.Context(), rec.srv.Client(), ch, testDigest(1), testOptions(&sleeps)); err != nil {
		t.Fatal(err)
	}
	if len(rec.requests()) != 2 || len(sleeps) != 1 {
		t.Errorf("%d requests, %d sleeps, want 2 and 1", len(rec.requests()), len(sleeps))
	}
	if q := rec.requests()[0].Query; q.Has("sign") || q.Has("timestamp") {
		t.Errorf("unsigned channel sent a signature: %v", q)
	}
}

func TestDingTalkBigDigestIsOneMessage(t *testing.T) {
	rec := newRecorder(t, reply{200, `{"errcode":0}`})
	d := NewDigest(testReport(200), nil, 50, "")
	ch := Channel{Kind: KindDingTalk, URL: rec.srv.URL + "/robot/send?access_token=" + testToken}
	if err := Send(t.Context(), rec.srv.Client(), ch, d, testOptions(nil)); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d messages, want 1", len(reqs))
	}
	var m dingTalkMsg
	json.Unmarshal(reqs[0].Body, &m)
	if n := len(m.Markdown.Text); n > DingTalkMaxBytes {
		t.Errorf("text is %d bytes, over %d", n, DingTalkMaxBytes)
	}
	if !strings.Contains(m.Markdown.Text, "另有 150 条新增问题") {
		t.Errorf("text does not count the findings left out")
	}
}
