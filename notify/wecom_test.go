package notify

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func weComContents(t *testing.T, reqs []recorded) []string {
	t.Helper()
	var out []string
	for _, r := range reqs {
		var m struct {
			MsgType  string `json:"msgtype"`
			Markdown struct {
				Content string `json:"content"`
			} `json:"markdown"`
		}
		if err := json.Unmarshal(r.Body, &m); err != nil {
			t.Fatal(err)
		}
		if m.MsgType != "markdown" {
			t.Errorf("msgtype = %q, want markdown", m.MsgType)
		}
		out = append(out, m.Markdown.Content)
	}
	return out
}

func TestWeComSmallDigestIsOneMessage(t *testing.T) {
	rec := newRecorder(t, reply{200, `{"errcode":0,"errmsg":"ok"}`})
	ch := Channel{Kind: KindWeCom, URL: rec.srv.URL + "/cgi-bin/webhook/send?key=" + testToken}
	if err := Send(t.Context(), rec.srv.Client(), ch, testDigest(3), testOptions(nil)); err != nil {
		t.Fatal(err)
	}
	got := weComContents(t, rec.requests())
	if len(got) != 1 {
		t.Fatalf("%d messages, want 1", len(got))
	}
	if !strings.Contains(got[0], "#### 新增问题") || strings.Count(got[0], "\n1. ")+strings.Count(got[0], "\n2. ")+strings.Count(got[0], "\n3. ") != 3 {
		t.Errorf("content does not list the 3 new findings:\n%s", got[0])
	}
	if rec.requests()[0].Query.Get("key") != testToken {
		t.Errorf("robot key lost")
	}
}

// TestWeComSplitsUnderTheLimit: 50 long findings are far over 4,096
// bytes; the digest goes out in at most MaxMessages parts, each within
// the limit, and says how many findings did not fit.
func TestWeComSplitsUnderTheLimit(t *testing.T) {
	rec := newRecorder(t, reply{200, `{"errcode":0}`})
	d := NewDigest(testReport(80), nil, 50, "https://reports.example/r.html")
	ch := Channel{Kind: KindWeCom, URL: rec.srv.URL + "/send?key=" + testToken}
	o := testOptions(nil)
	o.MaxMessages = 2
	if err := Send(t.Context(), rec.srv.Client(), ch, d, o); err != nil {
		t.Fatal(err)
	}
	got := weComContents(t, rec.requests())
	if len(got) != 2 {
		t.Fatalf("%d messages, want 2 (the cap)", len(got))
	}
	for i, c := range got {
		if len(c) > WeComMaxBytes {
			t.Errorf("part %d is %d bytes, over %d", i+1, len(c), WeComMaxBytes)
		}
		if !utf8.ValidString(c) {
			t.Errorf("part %d is not valid UTF-8", i+1)
		}
		if !strings.Contains(c, "/2)") {
			t.Errorf("part %d lacks its (n/2) mark", i+1)
		}
	}
	last := got[len(got)-1]
	if !strings.Contains(last, "另有 ") || !strings.Contains(last, "[完整报告](https://reports.example/r.html)") {
		t.Errorf("last part lacks the count of findings left out or the report link:\n%s", last)
	}
}

func TestWeComHTTPErrorIsRetried(t *testing.T) {
	rec := newRecorder(t, reply{502, "bad gateway"}, reply{200, `{"errcode":0}`})
	ch := Channel{Kind: KindWeCom, URL: rec.srv.URL + "/send?key=" + testToken}
	if err := Send(t.Context(), rec.srv.Client(), ch, testDigest(1), testOptions(nil)); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}
