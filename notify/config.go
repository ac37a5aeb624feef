package notify

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"time"
)

// Channel kinds.
const (
	KindDingTalk = "dingtalk"
	KindWeCom    = "wecom"
	KindFeishu   = "feishu"
	KindWebhook  = "webhook"
)

// Channel is one place digests go.
type Channel struct {
	// Name labels the channel in errors and logs; default the kind.
	Name string `mapstructure:"name"`
	// Kind is dingtalk, wecom, feishu or webhook.
	Kind string `mapstructure:"kind"`
	// URL is the robot's webhook address. Robot URLs carry access tokens,
	// so URLEnv, the name of an environment variable holding the URL, is
	// the better choice; set exactly one of the two.
	URL    string `mapstructure:"url"`
	URLEnv string `mapstructure:"url_env"`
	// SecretEnv names the environment variable holding the signing
	// secret: DingTalk and Feishu "signature" security settings, or the
	// HMAC key of a generic webhook's X-Xundian-Signature header. Empty:
	// unsigned. WeCom robots have no signature.
	SecretEnv string `mapstructure:"secret_env"`
}

// Config is the notify section of xundian's config.
type Config struct {
	// Channels receive a digest after every patrol.
	Channels []Channel `mapstructure:"channels"`
	// Top is how many new findings a digest lists (most serious first).
	Top int `mapstructure:"top"`
	// ReportURL is where the report directory is published (e.g.
	// https://intranet/xundian/); the digest links the run's report file
	// under it. Empty: the digest names the local report path.
	ReportURL string `mapstructure:"report_url"`
	// Retries is how many times a failed send is retried.
	Retries int `mapstructure:"retries"`
	// Timeout bounds each HTTP request.
	Timeout time.Duration `mapstructure:"timeout"`
}

// Defaults for Config fields.
const (
	DefaultTop     = 10
	DefaultRetries = 3
	DefaultTimeout = 10 * time.Second
	maxTop         = 50
	maxRetries     = 10
)

// DefaultConfig is the config with no channels.
func DefaultConfig() Config {
	return Config{Channels: []Channel{}, Top: DefaultTop, Retries: DefaultRetries, Timeout: DefaultTimeout}
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Validate reports every bad key, named by its config path
// (notify.channels[1].kind: …). It also checks that the environment
// variables the channels name are set, so a patrol does not run for an
// hour only to fail to notify; it never shows their values.
func (c Config) Validate() error {
	return c.validate(os.Getenv)
}

func (c Config) validate(getenv func(string) string) error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("notify.%s: "+format, append([]any{key}, args...)...))
	}
	if c.Top < 0 || c.Top > maxTop {
		bad("top", "%d out of range 0…%d", c.Top, maxTop)
	}
	if c.Retries < 0 || c.Retries > maxRetries {
		bad("retries", "%d out of range 0…%d", c.Retries, maxRetries)
	}
	if c.Timeout < 0 {
		bad("timeout", "negative %s", c.Timeout)
	}
	if c.ReportURL != "" {
		if err := checkURL(c.ReportURL); err != nil {
			bad("report_url", "%v", err)
		}
	}
	names := map[string]int{}
	for i, ch := range c.Channels {
		key := fmt.Sprintf("channels[%d]", i)
		switch ch.Kind {
		case KindDingTalk, KindWeCom, KindFeishu, KindWebhook:
		case "":
			bad(key+".kind", "missing (want dingtalk, wecom, feishu or webhook)")
		default:
			bad(key+".kind", "unknown kind %q (want dingtalk, wecom, feishu or webhook)", ch.Kind)
		}
		if j, dup := names[ch.label()]; dup && ch.Name != "" {
			bad(key+".name", "%q already names channels[%d]", ch.Name, j)
		}
		names[ch.label()] = i
		switch {
		case ch.URL != "" && ch.URLEnv != "":
			bad(key, "set url or url_env, not both")
		case ch.URL == "" && ch.URLEnv == "":
			bad(key+".url", "missing (set url or url_env)")
		case ch.URL != "":
			// The URL may hold a token: say what is wrong, not what it is.
			if err := checkURL(ch.URL); err != nil {
				bad(key+".url", "%v", err)
			}
		default:
			if !envName.MatchString(ch.URLEnv) {
				bad(key+".url_env", "%q is not an environment variable name", ch.URLEnv)
			} else if v := getenv(ch.URLEnv); v == "" {
				bad(key+".url_env", "environment variable %s is not set", ch.URLEnv)
			} else if err := checkURL(v); err != nil {
				bad(key+".url_env", "%s: %v", ch.URLEnv, err)
			}
		}
		if ch.SecretEnv != "" {
			switch {
			case ch.Kind == KindWeCom:
				bad(key+".secret_env", "wecom robots are not signed; remove it")
			case !envName.MatchString(ch.SecretEnv):
				bad(key+".secret_env", "%q is not an environment variable name", ch.SecretEnv)
			case getenv(ch.SecretEnv) == "":
				bad(key+".secret_env", "environment variable %s is not set", ch.SecretEnv)
			}
		}
	}
	return errors.Join(errs...)
}

// checkURL accepts absolute http and https URLs. Its errors never quote
// the URL.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("want an http or https URL")
	}
	if u.Host == "" {
		return errors.New("URL has no host")
	}
	return nil
}

// label names the channel in errors: its name, else its kind.
func (ch Channel) label() string {
	if ch.Name != "" {
		return ch.Name
	}
	return ch.Kind
}
