package reports

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestNeutralize(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+86 138", "'+86 138"}, {"-2", "'-2"}, {"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"}, {"\rx", "'\rx"}, {"", ""}, {"纯棉", "纯棉"}, {"a=b", "a=b"}, {"'x", "'x"},
		{"＝1+1", "＝1+1"}, // full-width: spreadsheets do not read it as a formula
	} {
		if got := Neutralize(tt.in); got != tt.want {
			t.Errorf("Neutralize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func readCSV(t *testing.T, r *Report) (raw []byte, rows [][]string) {
	t.Helper()
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	raw = buf.Bytes()
	if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("CSV does not start with a UTF-8 BOM: % x", raw[:min(8, len(raw))])
	}
	rows, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return raw, rows
}

func TestWriteCSV(t *testing.T) {
	_, rows := readCSV(t, fixtureReport(t, "zh"))
	wantHeader := []string{"状态", "规则", "规则名称", "严重度", "扣分", "商品ID", "商品标题", "链接", "来源", "证据", "说明", "指纹", "忽略原因"}
	if strings.Join(rows[0], ",") != strings.Join(wantHeader, ",") {
		t.Errorf("header = %q, want %q", rows[0], wantHeader)
	}
	body := rows[1:]
	if len(body) != 8 { // 3 new, 2 open, 1 resolved, 1 removed, 1 suppressed
		t.Fatalf("%d rows, want 8", len(body))
	}
	byState := map[string]int{}
	byKey := map[string][]string{}
	for _, row := range body {
		if len(row) != len(wantHeader) {
			t.Fatalf("row has %d cells, want %d: %q", len(row), len(wantHeader), row)
		}
		byState[row[0]]++
		byKey[row[5]+" "+row[1]] = row
	}
	// States, severities and sources are in the report's language; the
	// rule ID stays the code.
	for state, n := range map[string]int{"新增": 3, "未解决": 2, "已修复": 1, "已下架": 1, "已忽略": 1} {
		if byState[state] != n {
			t.Errorf("%d rows in state %s, want %d", byState[state], state, n)
		}
	}
	if body[0][0] != "新增" || body[len(body)-1][0] != "已忽略" {
		t.Errorf("rows not ordered new … suppressed: first %s, last %s", body[0][0], body[len(body)-1][0])
	}
	r1 := byKey["10001 free-shipping-mismatch"]
	want1 := []string{"未解决", "free-shipping-mismatch", "包邮宣传与运费模板不符", "高", "4", "10001",
		"夏季T恤 全国包邮 速干", "http://127.0.0.1:8080/item/10001.html", "标题", "全国包邮", "说明：全国包邮"}
	for i, w := range want1 {
		if r1[i] != w {
			t.Errorf("10001 column %s = %q, want %q", wantHeader[i], r1[i], w)
		}
	}
	if len(r1[11]) != 32 {
		t.Errorf("fingerprint = %q, want 32 hex digits", r1[11])
	}
	// Formula injection: the title starting with = is neutralized.
	if got := byKey["10007 price-mismatch"][6]; !strings.HasPrefix(got, "'=HYPERLINK(") {
		t.Errorf("10007 title = %q, want a leading quote", got)
	}
	if got := byKey["10003 trademark-term"]; got[0] != "已忽略" || got[12] != "已获迪士尼授权" {
		t.Errorf("suppressed row = %q", got)
	}
}

func TestWriteCSVEnglish(t *testing.T) {
	_, rows := readCSV(t, fixtureReport(t, "en"))
	if rows[0][0] != "state" || rows[0][11] != "fingerprint" {
		t.Errorf("en header = %q", rows[0])
	}
	for _, row := range rows[1:] {
		if row[5] == "10001" && row[10] != "detail: 全国包邮" {
			t.Errorf("en detail = %q, want the English detail", row[10])
		}
	}
}
