package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// Send delivers d to one channel. client nil means a client with
// DefaultTimeout. The error names the channel, never its URL or secret.
func Send(ctx context.Context, client *http.Client, ch Channel, d Digest, o Options) error {
	if client == nil {
		client = &http.Client{Timeout: DefaultTimeout}
	}
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	u, secret := ch.URL, ""
	if ch.URLEnv != "" {
		if u = getenv(ch.URLEnv); u == "" {
			return fmt.Errorf("notify %s: environment variable %s is not set", ch.label(), ch.URLEnv)
		}
	}
	if err := checkURL(u); err != nil {
		return fmt.Errorf("notify %s: %v", ch.label(), err)
	}
	if ch.SecretEnv != "" {
		if secret = getenv(ch.SecretEnv); secret == "" {
			return fmt.Errorf("notify %s: environment variable %s is not set", ch.label(), ch.SecretEnv)
		}
	}
	var err error
	switch ch.Kind {
	case KindDingTalk:
		err = sendDingTalk(ctx, client, u, secret, d, o)
	case KindWeCom:
		err = sendWeCom(ctx, client, u, d, o)
	case KindFeishu:
		err = sendFeishu(ctx, client, u, secret, d, o)
	case KindWebhook:
		err = sendWebhook(ctx, client, u, secret, d, o)
	default:
		return fmt.Errorf("notify %s: unknown kind %q", ch.label(), ch.Kind)
	}
	if err != nil {
		return &redacted{msg: redact(fmt.Sprintf("notify %s (%s): %v", ch.label(), host(u), err), u, secret), err: err}
	}
	return nil
}

// SendAll delivers d to every channel of c, going on past failures, and
// returns every failure joined.
func SendAll(ctx context.Context, client *http.Client, c Config, d Digest, o Options) error {
	if o.Attempts == 0 {
		o.Attempts = 1 + c.Retries
	}
	var errs []error
	for _, ch := range c.Channels {
		if err := Send(ctx, client, ch, d, o); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sendParts sends each part in order, stopping at the first failure.
func sendParts(parts []string, send func(i int, part string) error) error {
	for i, p := range parts {
		if err := send(i, p); err != nil {
			if len(parts) > 1 {
				return fmt.Errorf("part %d/%d: %w", i+1, len(parts), err)
			}
			return err
		}
	}
	return nil
}

// redacted is an error whose message had secrets scrubbed; it still
// unwraps to the cause (context.Canceled and the like).
type redacted struct {
	msg string
	err error
}

// Error returns the scrubbed message.
func (e *redacted) Error() string { return e.msg }

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *redacted) Unwrap() error { return e.err }

// redact removes from msg the URL, its path and query values (tokens
// live there) and the secret, whatever produced the message.
func redact(msg, rawURL, secret string) string {
	var olds []string
	add := func(s string) {
		if len(s) >= 6 { // short values (a port, "v2") are not secrets
			olds = append(olds, s, "***")
		}
	}
	add(rawURL)
	add(secret)
	if u, err := url.Parse(rawURL); err == nil {
		add(u.RawQuery)
		for _, vs := range u.Query() {
			for _, v := range vs {
				add(v)
			}
		}
		for _, seg := range strings.Split(u.Path, "/") {
			add(seg)
		}
	}
	if len(olds) == 0 {
		return msg
	}
	return strings.NewReplacer(olds...).Replace(msg)
}

// host is the URL's host, for errors.
func host(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Host
	}
	return "?"
}
