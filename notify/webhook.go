package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"
)

// SignatureHeader carries a generic webhook's body signature when the
// channel has a secret: "sha256=" + hex(HmacSHA256(secret, body)).
const SignatureHeader = "X-Xundian-Signature"

// WebhookPayload is the JSON a generic webhook receives.
type WebhookPayload struct {
	Shop          string        `json:"shop"`
	Run           WebhookRun    `json:"run"`
	Counts        WebhookCounts `json:"counts"`
	Exposure      WebhookExpo   `json:"exposure"`
	NewFindings   []DigestItem  `json:"new_findings"`
	MoreNew       int           `json:"more_new"`
	HealthWarning bool          `json:"health_warning"`
	ReportURL     string        `json:"report_url,omitempty"`
	Text          string        `json:"text"`
}

// WebhookRun identifies the run.
type WebhookRun struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	Status    string `json:"status"`
	StartedAt string `json:"started_at"`
	Day       string `json:"day"`
}

// WebhookCounts are the run's counts.
type WebhookCounts struct {
	Discovered    int `json:"discovered"`
	Checked       int `json:"checked"`
	FetchFailed   int `json:"fetch_failed"`
	CouldNotCheck int `json:"could_not_check"`
	New           int `json:"new"`
	Open          int `json:"open"`
	Resolved      int `json:"resolved"`
	Removed       int `json:"removed"`
	Suppressed    int `json:"suppressed"`
}

// WebhookExpo is the exposure.
type WebhookExpo struct {
	Points      int    `json:"points"`
	Node        int    `json:"node"`
	Consequence string `json:"consequence"`
}

// Payload is the digest as a generic webhook receives it; Text is the
// Markdown digest in one piece.
func (d Digest) Payload() WebhookPayload {
	text := ""
	if parts := d.Markdown(1<<20, 1); len(parts) > 0 {
		text = parts[0]
	}
	top := d.Top
	if top == nil {
		top = []DigestItem{}
	}
	return WebhookPayload{
		Shop: d.Shop,
		Run: WebhookRun{ID: d.RunID, Kind: d.Kind, Status: d.Status,
			StartedAt: d.StartedAt.UTC().Format(time.RFC3339), Day: d.Day},
		Counts: WebhookCounts{Discovered: d.Discovered, Checked: d.Checked, FetchFailed: d.FetchFailed,
			CouldNotCheck: d.CouldNotCheck, New: d.New, Open: d.Open, Resolved: d.Resolved,
			Removed: d.Removed, Suppressed: d.Suppressed},
		Exposure:    WebhookExpo{Points: d.Points, Node: d.Node, Consequence: d.Consequence},
		NewFindings: top, MoreNew: d.MoreNew, HealthWarning: d.HealthWarning(),
		ReportURL: d.ReportLink, Text: text,
	}
}

func sendWebhook(ctx context.Context, client *http.Client, u, secret string, d Digest, o Options) error {
	body, err := json.Marshal(d.Payload())
	if err != nil {
		return err
	}
	return post(ctx, client, o, func() (*http.Request, error) {
		req, err := jsonPost(u, body)
		if err != nil {
			return nil, err
		}
		if secret != "" {
			mac := hmac.New(sha256.New, []byte(secret))
			mac.Write(body)
			req.Header.Set(SignatureHeader, "sha256="+hex.EncodeToString(mac.Sum(nil)))
		}
		return req, nil
	}, nil)
}
