package demoshop

import (
	"context"
	"net/http"
	"time"
)

// WithLatency delays every response of h by d, as a shop across a network
// would (xundian demoshop --latency): a request waits d, or until its
// client goes away, before h serves it. It lets a benchmark compare
// crawls where the network, not the machine's CPU, sets the pace.
func WithLatency(h http.Handler, d time.Duration) http.Handler {
	if d <= 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			h.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})
}

// ServeHandler is Serve for a handler built on a shop's (Shop.Handler
// wrapped by WithLatency, or Shop.WithFaults).
func ServeHandler(ctx context.Context, addr string, h http.Handler) (*Server, error) {
	return serve(ctx, addr, h)
}
