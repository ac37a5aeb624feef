package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const minimalConfig = `
shop:
  start_urls:
    - http://127.0.0.1:8080/list?page=1
  item_url_pattern: '/item/(?P<id>\d+)\.html'
`

func TestShippedConfigLoads(t *testing.T) {
	cfg, err := loadConfig(filepath.Join("..", "..", "config.yaml"), nil)
	if err != nil {
		t.Fatalf("shipped config.yaml: %v", err)
	}
	if cfg.Shop.Name != "demo" || cfg.Shop.SitemapURL == "" || cfg.Selectors.FreightURL == "" {
		t.Errorf("shipped config lacks demo settings: %+v", cfg.Shop)
	}
	if cfg.Crawl.Timeout != 15*time.Second {
		t.Errorf("crawl.timeout = %v, want 15s", cfg.Crawl.Timeout)
	}
	if len(cfg.Checks.AuthorizedBrands) == 0 {
		t.Error("checks.authorized_brands is empty; the demo's own brand must be listed")
	}
}

func TestConfigPrecedence(t *testing.T) {
	path := writeConfig(t, minimalConfig+`
crawl:
  parallelism: 3
  retries: 5
store:
  path: from-file.db
`)
	tests := []struct {
		name       string
		env        map[string]string
		flags      []string
		wantPar    int
		wantRetry  int
		wantDB     string
		wantFormat string
		wantDelay  time.Duration
	}{
		{name: "file over default", wantPar: 3, wantRetry: 5, wantDB: "from-file.db", wantFormat: "md"},
		{name: "env over file", env: map[string]string{"XUNDIAN_CRAWL_PARALLELISM": "7", "XUNDIAN_STORE_PATH": "env.db"},
			wantPar: 7, wantRetry: 5, wantDB: "env.db", wantFormat: "md"},
		{name: "env for a key absent from the file", env: map[string]string{"XUNDIAN_CRAWL_DELAY": "250ms", "XUNDIAN_REPORTS_FORMAT": "json"},
			wantPar: 3, wantRetry: 5, wantDB: "from-file.db", wantFormat: "json", wantDelay: 250 * time.Millisecond},
		{name: "flag over env", env: map[string]string{"XUNDIAN_STORE_PATH": "env.db"}, flags: []string{"--db", "flag.db", "--format", "json"},
			wantPar: 3, wantRetry: 5, wantDB: "flag.db", wantFormat: "json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			fs.String("db", "", "")
			fs.String("format", "", "")
			fs.String("lang", "", "")
			if err := fs.Parse(tt.flags); err != nil {
				t.Fatal(err)
			}
			cfg, err := loadConfig(path, fs)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Crawl.Parallelism != tt.wantPar || cfg.Crawl.Retries != tt.wantRetry || cfg.Store.Path != tt.wantDB ||
				cfg.Reports.Format != tt.wantFormat || cfg.Crawl.Delay != tt.wantDelay {
				t.Errorf("got parallelism=%d retries=%d db=%q format=%q delay=%v, want %d %d %q %q %v",
					cfg.Crawl.Parallelism, cfg.Crawl.Retries, cfg.Store.Path, cfg.Reports.Format, cfg.Crawl.Delay,
					tt.wantPar, tt.wantRetry, tt.wantDB, tt.wantFormat, tt.wantDelay)
			}
			if cfg.Crawl.Timeout != 15*time.Second {
				t.Errorf("default crawl.timeout lost: %v", cfg.Crawl.Timeout)
			}
		})
	}
}

func TestBadConfigNamesTheKey(t *testing.T) {
	tests := []struct {
		name, body, wantKey string
	}{
		{"unknown rule ID", minimalConfig + "checks:\n  disabled: [no-such-rule]\n", "checks.disabled"},
		{"bad regex", "shop:\n  start_urls: ['http://x/']\n  item_url_pattern: '(['\n", "shop.item_url_pattern"},
		{"missing shop URL", "shop:\n  item_url_pattern: 'x'\n", "shop.start_urls"},
		{"wrong type", minimalConfig + "crawl:\n  parallelism: lots\n", "parallelism"},
		{"typo in a key", minimalConfig + "crawl:\n  paralelism: 2\n", "paralelism"},
		{"bad duration", minimalConfig + "crawl:\n  timeout: soon\n", "timeout"},
		{"bad format", minimalConfig + "reports:\n  format: pdf\n", "reports.format"},
		{"bad cron spec", minimalConfig + "serve:\n  schedule: '0 25 * * *'\n", "serve.schedule"},
		{"bad listen address", minimalConfig + "serve:\n  listen: localhost\n", "serve.listen"},
		{"not yaml", "shop: [\n", "config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadConfig(writeConfig(t, tt.body), nil)
			if err == nil {
				t.Fatal("loadConfig accepted bad config")
			}
			if !strings.Contains(err.Error(), tt.wantKey) {
				t.Errorf("error %q does not name %q", err, tt.wantKey)
			}
			if strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}
