package notify

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

type feishuSeen struct {
	Timestamp string `json:"timestamp"`
	Sign      string `json:"sign"`
	MsgType   string `json:"msg_type"`
	Card      struct {
		Header struct {
			Title struct{ Tag, Content string } `json:"title"`
		} `json:"header"`
		Elements []struct{ Tag, Content string } `json:"elements"`
	} `json:"card"`
}

func TestFeishuSign(t *testing.T) {
	// Key = timestamp + "\n" + secret, data empty.
	if got, want := FeishuSign(1599360473, "sec"), hmacB64("1599360473\nsec", ""); got != want {
		t.Errorf("FeishuSign = %q, want %q", got, want)
	}
}

func TestFeishuSignedCard(t *testing.T) {
	rec := newRecorder(t, reply{200, `{"code":0,"msg":"success","data":{}}`})
	ch := Channel{Kind: KindFeishu, URL: rec.srv.URL + "/open-apis/bot/v2/hook/" + testToken, SecretEnv: "XUNDIAN_TEST_SECRET"}
	if err := Send(t.Context(), rec.srv.Client(), ch, testDigest(3), testOptions(nil)); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	var m feishuSeen
	if err := json.Unmarshal(reqs[0].Body, &m); err != nil {
		t.Fatal(err)
	}
	if m.Timestamp != strconv.FormatInt(testNow.Unix(), 10) {
		t.Errorf("timestamp = %q, want %d (seconds)", m.Timestamp, testNow.Unix())
	}
	if want := hmacB64(m.Timestamp+"\n"+testSecret, ""); m.Sign != want {
		t.Errorf("sign = %q, want %q", m.Sign, want)
	}
	if m.MsgType != "interactive" || len(m.Card.Elements) != 1 || m.Card.Elements[0].Tag != "markdown" {
		t.Errorf("payload = %s, want an interactive card with one markdown element", reqs[0].Body)
	}
	if !strings.Contains(m.Card.Elements[0].Content, "新增 **3**") || m.Card.Header.Title.Content == "" {
		t.Errorf("card content = %q", m.Card.Elements[0].Content)
	}
}

func TestFeishuBodyLimit(t *testing.T) {
	rec := newRecorder(t, reply{200, `{"code":0}`})
	d := NewDigest(testReport(400), nil, 50, "")
	// Make every item heavy in JSON: quotes and backslashes double in size.
	for i := range d.Top {
		d.Top[i].Title = strings.Repeat(`"\`, 200)
	}
	ch := Channel{Kind: KindFeishu, URL: rec.srv.URL + "/hook/" + testToken, SecretEnv: "XUNDIAN_TEST_SECRET"}
	if err := Send(t.Context(), rec.srv.Client(), ch, d, testOptions(nil)); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) == 0 || len(reqs) > 3 {
		t.Fatalf("%d messages, want 1…3", len(reqs))
	}
	for i, r := range reqs {
		if len(r.Body) > FeishuMaxBody {
			t.Errorf("body %d is %d bytes, over %d", i+1, len(r.Body), FeishuMaxBody)
		}
	}
}

func TestFeishuCodeIsAnError(t *testing.T) {
	rec := newRecorder(t, reply{200, `{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}`})
	ch := Channel{Kind: KindFeishu, URL: rec.srv.URL + "/hook/" + testToken, SecretEnv: "XUNDIAN_TEST_SECRET"}
	err := Send(t.Context(), rec.srv.Client(), ch, testDigest(1), testOptions(nil))
	assertNoSecret(t, err)
	if !strings.Contains(err.Error(), "19021") {
		t.Errorf("error %q lacks the code", err)
	}
}
