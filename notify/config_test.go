package notify

import (
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	env := map[string]string{"XUNDIAN_DINGTALK_SECRET": "s", "XUNDIAN_WECOM_URL": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "XUNDIAN_BAD_URL": "ftp://x"}
	getenv := func(k string) string { return env[k] }
	good := Config{Top: 10, Retries: 3, Timeout: 10 * time.Second, Channels: []Channel{
		{Name: "ops", Kind: KindDingTalk, URL: "https://oapi.dingtalk.com/robot/send?access_token=" + testToken, SecretEnv: "XUNDIAN_DINGTALK_SECRET"},
		{Kind: KindWeCom, URLEnv: "XUNDIAN_WECOM_URL"},
	}}
	if err := good.validate(getenv); err != nil {
		t.Errorf("good config: %v", err)
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Errorf("default config: %v", err)
	}
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"unknown kind", func(c *Config) { c.Channels[1].Kind = "slack" }, `notify.channels[1].kind: unknown kind "slack"`},
		{"no kind", func(c *Config) { c.Channels[0].Kind = "" }, "notify.channels[0].kind: missing"},
		{"no url", func(c *Config) { c.Channels[0].URL = "" }, "notify.channels[0].url: missing"},
		{"both urls", func(c *Config) { c.Channels[1].URL = "https://x" }, "notify.channels[1]: set url or url_env, not both"},
		{"bad scheme", func(c *Config) { c.Channels[0].URL = "ftp://x/" + testToken }, "notify.channels[0].url: want an http or https URL"},
		{"url env unset", func(c *Config) { c.Channels[1].URLEnv = "XUNDIAN_NOPE" }, "notify.channels[1].url_env: environment variable XUNDIAN_NOPE is not set"},
		{"url env bad", func(c *Config) { c.Channels[1].URLEnv = "XUNDIAN_BAD_URL" }, "notify.channels[1].url_env: XUNDIAN_BAD_URL: want an http or https URL"},
		{"url env name", func(c *Config) { c.Channels[1].URLEnv = "$X" }, `notify.channels[1].url_env: "$X" is not an environment variable name`},
		{"secret unset", func(c *Config) { c.Channels[0].SecretEnv = "XUNDIAN_NOPE" }, "notify.channels[0].secret_env: environment variable XUNDIAN_NOPE is not set"},
		{"wecom secret", func(c *Config) { c.Channels[1].SecretEnv = "XUNDIAN_DINGTALK_SECRET" }, "notify.channels[1].secret_env: wecom robots are not signed"},
		{"duplicate name", func(c *Config) { c.Channels[1].Name = "ops" }, `notify.channels[1].name: "ops" already names channels[0]`},
		{"top", func(c *Config) { c.Top = 500 }, "notify.top: 500 out of range"},
		{"retries", func(c *Config) { c.Retries = -1 }, "notify.retries: -1 out of range"},
		{"timeout", func(c *Config) { c.Timeout = -time.Second }, "notify.timeout: negative"},
		{"report url", func(c *Config) { c.ReportURL = "reports/" }, "notify.report_url: want an http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			c.Channels = append([]Channel(nil), good.Channels...)
			tt.edit(&c)
			err := c.validate(getenv)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "key=k") {
				t.Errorf("Validate() = %q shows a URL token", err)
			}
		})
	}
}
