package notify

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRetriesOn500WithBackoff(t *testing.T) {
	rec := newRecorder(t, reply{500, "oops"}, reply{500, "oops"}, reply{200, `{"errcode":0}`})
	var sleeps []time.Duration
	ch := Channel{Kind: KindDingTalk, URL: rec.srv.URL + "/robot/send?access_token=" + testToken, SecretEnv: "XUNDIAN_TEST_SECRET"}
	if err := Send(t.Context(), rec.srv.Client(), ch, testDigest(1), testOptions(&sleeps)); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if want := []time.Duration{time.Second, 2 * time.Second}; !slices.Equal(sleeps, want) {
		t.Errorf("waits = %v, want %v", sleeps, want)
	}
}

func TestRetriesAreBoundedAndErrorsHideSecrets(t *testing.T) {
	rec := newRecorder(t, reply{503, testSecret + " " + testToken})
	var sleeps []time.Duration
	ch := Channel{Name: "ops", Kind: KindDingTalk, URL: rec.srv.URL + "/robot/send?access_token=" + testToken, SecretEnv: "XUNDIAN_TEST_SECRET"}
	o := testOptions(&sleeps)
	o.Attempts = 4
	err := Send(t.Context(), rec.srv.Client(), ch, testDigest(1), o)
	assertNoSecret(t, err)
	if n := len(rec.requests()); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
	if len(sleeps) != 3 {
		t.Errorf("%d waits, want 3", len(sleeps))
	}
	if !strings.Contains(err.Error(), "ops") || !strings.Contains(err.Error(), "HTTP 503") {
		t.Errorf("error %q should name the channel and the status", err)
	}
}

func TestNoRetryOn400(t *testing.T) {
	rec := newRecorder(t, reply{400, "bad"})
	ch := Channel{Kind: KindWebhook, URL: rec.srv.URL + "/hook"}
	if err := Send(t.Context(), rec.srv.Client(), ch, testDigest(1), testOptions(nil)); err == nil {
		t.Fatal("want an error")
	}
	if n := len(rec.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	o := Options{}
	if got := o.wait(0, 5*time.Second); got != 5*time.Second {
		t.Errorf("wait with Retry-After 5s = %v", got)
	}
	if got := o.wait(0, time.Hour); got != 30*time.Second {
		t.Errorf("wait with Retry-After 1h = %v, want the 30s cap", got)
	}
	if got := o.wait(20, 0); got != 30*time.Second {
		t.Errorf("wait after 20 attempts = %v, want the 30s cap", got)
	}
}

// TestUnreachableHidesToken: a transport error (*url.Error) quotes the
// URL; Send must not.
func TestUnreachableHidesToken(t *testing.T) {
	rec := newRecorder(t, reply{200, "{}"})
	u := rec.srv.URL
	rec.srv.Close()
	for _, kind := range []string{KindDingTalk, KindWeCom, KindFeishu, KindWebhook} {
		ch := Channel{Kind: kind, URL: u + "/hook/" + testToken + "?access_token=" + testToken + "&key=" + testToken}
		if kind != KindWeCom {
			ch.SecretEnv = "XUNDIAN_TEST_SECRET"
		}
		err := Send(t.Context(), http.DefaultClient, ch, testDigest(1), testOptions(nil))
		assertNoSecret(t, err)
	}
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	rec := newRecorder(t, reply{500, ""})
	ctx, cancel := context.WithCancel(t.Context())
	o := testOptions(nil)
	o.Sleep = func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }
	err := Send(ctx, rec.srv.Client(), Channel{Kind: KindWebhook, URL: rec.srv.URL}, testDigest(1), o)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := len(rec.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestMissingSecretEnv(t *testing.T) {
	ch := Channel{Kind: KindDingTalk, URL: "http://127.0.0.1:1/x", SecretEnv: "XUNDIAN_UNSET_SECRET"}
	err := Send(t.Context(), nil, ch, testDigest(1), testOptions(nil))
	if err == nil || !strings.Contains(err.Error(), "XUNDIAN_UNSET_SECRET is not set") {
		t.Errorf("err = %v, want it to name the unset variable", err)
	}
}

func TestSendAllGoesOnPastFailures(t *testing.T) {
	bad := newRecorder(t, reply{500, ""})
	good := newRecorder(t, reply{200, `{"errcode":0}`})
	c := Config{Retries: 1, Channels: []Channel{
		{Name: "bad", Kind: KindWebhook, URL: bad.srv.URL},
		{Name: "good", Kind: KindWeCom, URL: good.srv.URL + "?key=" + testToken},
	}}
	err := SendAll(t.Context(), http.DefaultClient, c, testDigest(1), testOptions(nil))
	if err == nil || !strings.Contains(err.Error(), "bad") {
		t.Errorf("err = %v, want the bad channel's failure", err)
	}
	if len(bad.requests()) != 2 || len(good.requests()) != 1 {
		t.Errorf("requests bad %d good %d, want 2 (1 retry) and 1", len(bad.requests()), len(good.requests()))
	}
}
