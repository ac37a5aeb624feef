package notify

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/reports"
	"github.com/xundian/xundian/store"
)

const (
	testSecret = "SEC-test-secret-0123456789"
	testToken  = "tok0123456789abcdef"
)

var testNow = time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC)

// testReport is a report with n new findings (long Chinese titles, one
// hostile), one open, and a crawl problem.
func testReport(n int) *reports.Report {
	at := time.Date(2026, 11, 21, 18, 30, 0, 0, time.UTC)
	r := &reports.Report{
		Lang:     "zh",
		Run:      store.Run{ID: 12, Kind: store.KindPatrol, Shop: "demo", Status: store.StatusComplete, StartedAt: at, FinishedAt: at},
		Health:   reports.Health{Discovered: 101, Checked: 100, FetchFailed: 1, CouldNotCheck: map[string]int{"free-shipping-mismatch": 2}},
		Exposure: reports.Exposure{Points: 26, Node: 24},
	}
	for i := range n {
		sev, pts := listing.SeverityMedium, 0
		if i%5 == 0 {
			sev, pts = listing.SeverityCritical, 12
		}
		title := strings.Repeat("夏季新款纯棉短袖T恤", 3) + fmt.Sprint(i)
		if i == 1 {
			title = `<script>alert(1)</script> [x](javascript:alert(1)) **粗体**`
		}
		r.Open = append(r.Open, reports.Item{State: reports.StateNew, Finding: listing.Finding{
			Rule: "material-mismatch", ListingID: fmt.Sprint(10001 + i), URL: fmt.Sprintf("http://127.0.0.1:8080/item/%d.html", 10001+i),
			Title: title, Severity: sev, Points: pts, Source: listing.SourceTitle, Evidence: "纯棉", Detail: "标题写纯棉，成分为聚酯纤维100%",
		}})
	}
	r.Open = append(r.Open, reports.Item{State: reports.StateOpen, Finding: listing.Finding{Rule: "trademark-term", ListingID: "9", Points: 2}})
	return r
}

func testDigest(n int) Digest {
	return NewDigest(testReport(n), nil, 10, "https://reports.example/xundian/2026-11-22.html")
}

// recorder is a robot stand-in on 127.0.0.1: it records requests and
// answers from a script of replies (the last one repeats).
type recorder struct {
	mu      sync.Mutex
	reqs    []recorded
	replies []reply
	srv     *httptest.Server
}

type recorded struct {
	Query    url.Values
	RawQuery string
	Header   http.Header
	Body     []byte
	Path     string
}

type reply struct {
	status int
	body   string
}

func newRecorder(t *testing.T, replies ...reply) *recorder {
	t.Helper()
	rec := &recorder{replies: replies}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, recorded{Query: r.URL.Query(), RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, Path: r.URL.Path})
		rp := rec.replies[min(len(rec.reqs), len(rec.replies))-1]
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rp.status)
		io.WriteString(w, rp.body)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (rec *recorder) requests() []recorded {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]recorded(nil), rec.reqs...)
}

// testOptions never sleeps for real; it records the waits.
func testOptions(sleeps *[]time.Duration) Options {
	return Options{
		Now: func() time.Time { return testNow },
		Sleep: func(_ context.Context, d time.Duration) error {
			if sleeps != nil {
				*sleeps = append(*sleeps, d)
			}
			return nil
		},
		Getenv: func(k string) string {
			switch k {
			case "XUNDIAN_TEST_SECRET":
				return testSecret
			}
			return ""
		},
	}
}

// assertNoSecret fails when err's message shows the secret or the token.
func assertNoSecret(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error")
	}
	for _, s := range []string{testSecret, testToken} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q shows a secret", err)
		}
	}
}
