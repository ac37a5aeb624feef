package ocr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Fetcher downloads listing images politely: through the caller's HTTP
// client (timeouts), with the crawler's user agent and headers, only from
// allowed hosts (redirects included, when the client comes from
// NewClient), at most MaxBytes each, and at least Delay apart.
type Fetcher struct {
	Client    *http.Client
	UserAgent string
	Headers   map[string]string
	// Allowed reports whether a URL may be fetched; nil allows none.
	Allowed func(u *url.URL) bool
	// MaxBytes caps an image's size; a larger one is an error (default
	// 10 MiB).
	MaxBytes int64
	// Delay is the least time between two requests of this fetcher.
	Delay time.Duration

	mu   sync.Mutex
	next time.Time
}

// ErrNotAllowed is returned for an image on a host the shop config does
// not allow.
var ErrNotAllowed = errors.New("image host not allowed")

// NewClient returns an HTTP client with timeout that follows at most 5
// redirects, and only to URLs allowed accepts.
func NewClient(timeout time.Duration, allowed func(u *url.URL) bool) *http.Client {
	return &http.Client{
		Timeout: timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			if allowed == nil || !allowed(req.URL) {
				return fmt.Errorf("redirect to %s: %w", req.URL.Host, ErrNotAllowed)
			}
			return nil
		},
	}
}

// Fetch downloads the image at rawURL.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch image: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || f.Allowed == nil || !f.Allowed(u) {
		return nil, fmt.Errorf("fetch image %s: %w", rawURL, ErrNotAllowed)
	}
	if err := f.wait(ctx); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch image: %w", err)
	}
	for k, v := range f.Headers {
		req.Header.Set(k, v)
	}
	if f.UserAgent != "" {
		req.Header.Set("User-Agent", f.UserAgent)
	}
	req.Header.Set("Accept", "image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8")
	client := f.Client
	if client == nil {
		client = NewClient(30*time.Second, f.Allowed)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch image: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch image %s: HTTP %d", rawURL, resp.StatusCode)
	}
	limit := f.MaxBytes
	if limit <= 0 {
		limit = 10 << 20
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("fetch image %s: %d bytes, more than %d", rawURL, resp.ContentLength, limit)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("fetch image %s: %w", rawURL, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("fetch image %s: more than %d bytes", rawURL, limit)
	}
	return b, nil
}

// wait keeps requests at least Delay apart.
func (f *Fetcher) wait(ctx context.Context) error {
	if f.Delay <= 0 {
		return nil
	}
	f.mu.Lock()
	now := time.Now()
	at := f.next
	if at.Before(now) {
		at = now
	}
	f.next = at.Add(f.Delay)
	f.mu.Unlock()
	t := time.NewTimer(time.Until(at))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
