package demoshop

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestParseFaultSpec(t *testing.T) {
	spec, err := ParseFaultSpec("5xx=0.05,timeout=0.02,slow=0.01,429=0.02,truncated=0.01,malformed=0.01,oversized=0.005,redirectloop=0.005,badcharset=0.01,foreignlinks=1,notimage=0.01")
	if err != nil {
		t.Fatal(err)
	}
	if got := spec.Rates[Fault5xx]; got != 0.05 {
		t.Errorf("5xx rate = %g, want 0.05", got)
	}
	if got := spec.Rates[FaultForeignLinks]; got != 1 {
		t.Errorf("foreignlinks rate = %g, want 1", got)
	}
	for _, tc := range []struct{ in, want string }{
		{"5xx=0.1,bogus=0.2", `unknown fault "bogus"`},
		{"5xx", `"5xx": want fault=rate`},
		{"timeout=1.5", "timeout: rate"},
		{"429=abc", "429: rate"},
		{"5xx=0.6,timeout=0.6", "sum to 1.2"},
	} {
		if _, err := ParseFaultSpec(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseFaultSpec(%q) error = %v, want it to contain %q", tc.in, err, tc.want)
		}
	}
	if spec, err := ParseFaultSpec(""); err != nil || len(spec.Rates) != 0 {
		t.Errorf(`ParseFaultSpec("") = %+v, %v; want no faults`, spec, err)
	}
}

func faultServer(t *testing.T, shop *Shop, spec FaultSpec) (*httptest.Server, *Faults) {
	t.Helper()
	f, err := shop.WithFaults(spec)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv, f
}

// fetch GETs u without following redirects and with a short timeout.
func fetch(u string) (int, http.Header, []byte, error) {
	c := &http.Client{Timeout: 300 * time.Millisecond,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

// TestFaultsTransientHeal: with every transient fault at once, each path
// fails its first one or two requests, as planned, and then serves exactly
// the fault-free page; the plan depends on the seed only.
func TestFaultsTransientHeal(t *testing.T) {
	shop := newShop(t, 40, 7)
	clean := newServer(t, shop)
	spec := FaultSpec{Seed: 3, Rates: map[Fault]float64{Fault5xx: 0.3, Fault429: 0.2, FaultTimeout: 0.1, FaultSlow: 0.1, FaultTruncated: 0.3},
		Hang: time.Second, Slow: 600 * time.Millisecond}
	srv, f := faultServer(t, shop, spec)
	f2, _ := shop.WithFaults(spec)
	other, _ := shop.WithFaults(FaultSpec{Seed: 4, Rates: spec.Rates})
	differ := 0
	for id := FirstID; id < FirstID+shop.Len(); id++ {
		p, _ := shop.Path(id)
		plan := f.Plan(p)
		if plan != f2.Plan(p) {
			t.Fatalf("Plan(%s) differs between two handlers with the same seed", p)
		}
		if plan != other.Plan(p) {
			differ++
		}
		if !plan.Fault.Transient() || plan.Failures < 1 || plan.Failures > 2 {
			t.Fatalf("Plan(%s) = %+v, want a transient fault failing 1 or 2 times", p, plan)
		}
		for attempt := 0; attempt < plan.Failures; attempt++ {
			code, h, _, err := fetch(srv.URL + p)
			switch plan.Fault {
			case Fault5xx:
				if code < 500 {
					t.Errorf("%s attempt %d: status %d, want 5xx", p, attempt, code)
				}
			case Fault429:
				if code != http.StatusTooManyRequests || h.Get("Retry-After") != "1" {
					t.Errorf("%s attempt %d: status %d Retry-After %q, want 429 and 1", p, attempt, code, h.Get("Retry-After"))
				}
			case FaultTimeout, FaultSlow, FaultTruncated:
				if err == nil {
					t.Errorf("%s attempt %d (%s): no error, want a timeout or a cut body", p, attempt, plan.Fault)
				}
			}
		}
		code, _, body, err := fetch(srv.URL + p)
		_, _, want, _ := fetch(clean.URL + p)
		if err != nil || code != http.StatusOK || !bytes.Equal(body, want) {
			t.Errorf("%s after %d failures: %d, %v; want the clean page", p, plan.Failures, code, err)
		}
	}
	if differ == 0 {
		t.Error("seeds 3 and 4 plan the same faults")
	}
	if got := f.Injected(); got[Fault5xx] == 0 || got[Fault429] == 0 {
		t.Errorf("Injected() = %v, want 5xx and 429 among them", got)
	}
}

// TestFaultsPermanentAndHostile: permanent faults never heal; the hostile
// pages are what they claim; ground truth is never faulted.
func TestFaultsPermanentAndHostile(t *testing.T) {
	shop := newShop(t, 40, 7)
	srv, f := faultServer(t, shop, FaultSpec{Seed: 1, AlwaysFail: []int{FirstID}, OversizedBytes: 1 << 20,
		ForeignURLs: []string{"http://evil.example/item/1.html"},
		Rates:       map[Fault]float64{FaultMalformed: 0.25, FaultOversized: 0.25, FaultRedirectLoop: 0.25, FaultBadCharset: 0.25, FaultForeignLinks: 1, FaultNotImage: 1}})
	p, _ := shop.Path(FirstID)
	for range 4 {
		if code, _, _, _ := fetch(srv.URL + p); code != http.StatusInternalServerError {
			t.Fatalf("%s (AlwaysFail): status %d, want 500 every time", p, code)
		}
	}
	seen := map[Fault]bool{}
	for id := FirstID + 1; id < FirstID+shop.Len(); id++ {
		p, _ := shop.Path(id)
		plan := f.Plan(p)
		seen[plan.Fault] = true
		code, h, body, err := fetch(srv.URL + p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		switch plan.Fault {
		case FaultRedirectLoop:
			loc := h.Get("Location")
			if code != http.StatusFound || !strings.Contains(loc, loopParam+"=") {
				t.Errorf("%s: %d → %q, want a 302 into the loop", p, code, loc)
			}
			code2, h2, _, _ := fetch(srv.URL + loc)
			if code2 != http.StatusFound || h2.Get("Location") == loc {
				t.Errorf("%s: hop 2: %d → %q, want a 302 onwards", p, code2, h2.Get("Location"))
			}
		case FaultOversized:
			if len(body) != 1<<20 {
				t.Errorf("%s: %d bytes, want %d", p, len(body), 1<<20)
			}
		case FaultMalformed:
			if !bytes.Contains(body, []byte("<<>>")) {
				t.Errorf("%s: malformed page lacks the junk", p)
			}
		case FaultBadCharset:
			if bytes.Contains(bytes.ToLower(body), []byte(`<meta charset`)) && !strings.Contains(h.Get("Content-Type"), "charset") {
				t.Errorf("%s: still declares its charset in <meta>", p)
			}
		default:
			t.Errorf("%s: plan %+v, want a permanent fault", p, plan)
		}
		if plan.Fault != FaultRedirectLoop && !bytes.Contains(body, []byte("http://evil.example/item/1.html")) {
			t.Errorf("%s: no foreign link", p)
		}
	}
	if len(seen) != 4 {
		t.Errorf("faults seen %v, want all four permanent kinds", seen)
	}
	if code, h, body, _ := fetch(srv.URL + imageURL(FirstID+1, 1)); code != 200 || h.Get("Content-Type") != "image/png" || bytes.HasPrefix(body, []byte("\x89PNG")) {
		t.Errorf("notimage: %d %q %.20q, want HTML labelled image/png", code, h.Get("Content-Type"), body)
	}
	_, _, truth, _ := fetch(srv.URL + "/_truth.json")
	_, _, cleanTruth, _ := fetch(newServer(t, shop).URL + "/_truth.json")
	if !bytes.Equal(truth, cleanTruth) {
		t.Error("/_truth.json is faulted")
	}
	if _, _, list, _ := fetch(srv.URL + "/list?page=1"); !bytes.Contains(list, []byte("evil.example")) {
		t.Error("index page has no foreign link")
	}
	if _, err := shop.WithFaults(FaultSpec{Rates: map[Fault]float64{"nope": 1}}); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf(`WithFaults(unknown fault) error = %v, want it named`, err)
	}
}
