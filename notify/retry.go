package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Options tune sending. The zero value is fine for production; tests
// inject Sleep and Now.
type Options struct {
	// Attempts is how many times a message is tried in all; 0 means
	// 1 + DefaultRetries.
	Attempts int
	// Backoff is the first wait between attempts, doubling up to
	// MaxBackoff; 0 means 1 s (MaxBackoff 0 means 30 s). A Retry-After
	// header from the server is honoured up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
	// MaxMessages caps the parts one digest is split into per channel;
	// 0 means 3.
	MaxMessages int
	// Sleep waits d or until ctx ends; nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock for signatures; nil means time.Now.
	Now func() time.Time
	// Getenv reads secrets and URLs; nil means os.Getenv.
	Getenv func(string) string
}

func (o Options) attempts() int {
	if o.Attempts > 0 {
		return o.Attempts
	}
	return 1 + DefaultRetries
}

func (o Options) maxMessages() int {
	if o.MaxMessages > 0 {
		return o.MaxMessages
	}
	return 3
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o Options) sleep(ctx context.Context, d time.Duration) error {
	if o.Sleep != nil {
		return o.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (o Options) wait(attempt int, retryAfter time.Duration) time.Duration {
	base, ceil := o.Backoff, o.MaxBackoff
	if base <= 0 {
		base = time.Second
	}
	if ceil <= 0 {
		ceil = 30 * time.Second
	}
	d := base << attempt
	if retryAfter > d {
		d = retryAfter
	}
	if d > ceil || d <= 0 {
		d = ceil
	}
	return d
}

// maxResponse caps how much of a reply is read: robots answer with a
// small JSON object.
const maxResponse = 64 << 10

// sendErr is a failed attempt; retry says whether trying again may help.
type sendErr struct {
	err        error
	retry      bool
	retryAfter time.Duration
}

// post sends a request built by build (called again on every attempt, so
// signatures carry a fresh timestamp) and judges the reply with check,
// retrying transport errors, 429 and 5xx, and what check marks
// retryable. Errors never include the URL: it may carry a token.
func post(ctx context.Context, client *http.Client, o Options, build func() (*http.Request, error),
	check func(body []byte) *sendErr) error {
	var last *sendErr
	n := o.attempts()
	for i := 0; i < n; i++ {
		if i > 0 {
			if err := o.sleep(ctx, o.wait(i-1, last.retryAfter)); err != nil {
				return fmt.Errorf("%w (after %d attempts; last: %v)", err, i, last.err)
			}
		}
		last = attempt(ctx, client, build, check)
		if last == nil {
			return nil
		}
		if !last.retry || ctx.Err() != nil {
			break
		}
	}
	return last.err
}

func attempt(ctx context.Context, client *http.Client, build func() (*http.Request, error),
	check func(body []byte) *sendErr) *sendErr {
	req, err := build()
	if err != nil {
		return &sendErr{err: err}
	}
	req = req.WithContext(ctx)
	resp, err := client.Do(req)
	if err != nil {
		// *url.Error quotes the URL; keep only what went wrong.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return &sendErr{err: err, retry: ctx.Err() == nil}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return &sendErr{err: fmt.Errorf("read reply: %w", err), retry: true}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		se := &sendErr{err: fmt.Errorf("HTTP %d", resp.StatusCode),
			retry: resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500}
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			se.retryAfter = time.Duration(s) * time.Second
		}
		return se
	}
	if check == nil {
		return nil
	}
	return check(body)
}

// jsonPost builds a POST of a JSON body to u.
func jsonPost(u string, body []byte) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, errors.New("bad request URL") // the parse error quotes the URL
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "xundian-notify")
	return req, nil
}
