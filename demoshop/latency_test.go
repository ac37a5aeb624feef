package demoshop

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestWithLatency(t *testing.T) {
	served := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served++ })
	const d = 50 * time.Millisecond

	start := time.Now()
	WithLatency(h, d).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/item/1.html", nil))
	if served != 1 || time.Since(start) < d {
		t.Errorf("served %d times after %v, want once after at least %v", served, time.Since(start), d)
	}

	// A client that goes away is not served.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	WithLatency(h, time.Hour).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil).WithContext(ctx))
	if served != 1 {
		t.Errorf("a canceled request was served")
	}

	if got := WithLatency(h, 0); got == nil {
		t.Fatal("WithLatency(h, 0) = nil")
	}
}
