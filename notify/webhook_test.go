package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
)

func TestWebhookJSON(t *testing.T) {
	rec := newRecorder(t, reply{204, ""})
	ch := Channel{Kind: KindWebhook, URL: rec.srv.URL + "/hook", SecretEnv: "XUNDIAN_TEST_SECRET"}
	if err := Send(t.Context(), rec.srv.Client(), ch, testDigest(12), testOptions(nil)); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	var p WebhookPayload
	if err := json.Unmarshal(reqs[0].Body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Shop != "demo" || p.Run.ID != 12 || p.Run.Day != "2026-11-22" || p.Counts.New != 12 || p.Counts.Open != 1 ||
		p.Exposure.Points != 26 || p.Exposure.Node != 24 || !p.HealthWarning || p.Counts.CouldNotCheck != 2 {
		t.Errorf("payload = %+v", p)
	}
	if len(p.NewFindings) != 10 || p.MoreNew != 2 || p.NewFindings[0].Severity != "critical" {
		t.Errorf("new findings: %d listed (first %+v), %d more; want 10 critical-first, 2 more",
			len(p.NewFindings), p.NewFindings[0], p.MoreNew)
	}
	if p.Text == "" || p.ReportURL == "" {
		t.Errorf("payload lacks text or report URL")
	}
	mac := hmac.New(sha256.New, []byte(testSecret))
	mac.Write(reqs[0].Body)
	if got, want := reqs[0].Header.Get(SignatureHeader), "sha256="+hex.EncodeToString(mac.Sum(nil)); got != want {
		t.Errorf("%s = %q, want %q", SignatureHeader, got, want)
	}
}
