package main

import (
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/robfig/cron/v3"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/crawler"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/notify"
	"github.com/xundian/xundian/promo"
)

// Config is the whole configuration as config.yaml spells it. Every key has
// a default (see defaultConfig), can be set in the file, and is overridden
// by the env var XUNDIAN_<SECTION>_<KEY> and, for the common ones, a flag.
type Config struct {
	Shop      ShopConfig             `mapstructure:"shop"`
	Crawl     CrawlConfig            `mapstructure:"crawl"`
	Selectors crawler.Selectors      `mapstructure:"selectors"`
	Freight   crawler.FreightMapping `mapstructure:"freight_json"`
	Checks    ChecksConfig           `mapstructure:"checks"`
	Store     StoreConfig            `mapstructure:"store"`
	Reports   ReportsConfig          `mapstructure:"reports"`
	Serve     ServeConfig            `mapstructure:"serve"`
	Notify    notify.Config          `mapstructure:"notify"`
	OCR       OCRConfig              `mapstructure:"ocr"`
	History   HistoryConfig          `mapstructure:"history"`
	Audit     AuditConfig            `mapstructure:"audit"`
	Runtime   RuntimeConfig          `mapstructure:"runtime"`
	// Promotions are the pre-promotion audit's profiles by name
	// (xundian audit --promo NAME).
	Promotions map[string]PromotionConfig `mapstructure:"promotions"`
}

// ShopConfig says which shop to patrol and how to find its listings.
type ShopConfig struct {
	Name            string   `mapstructure:"name"`
	StartURLs       []string `mapstructure:"start_urls"`
	SitemapURL      string   `mapstructure:"sitemap_url"`
	URLListFile     string   `mapstructure:"url_list_file"`
	ItemURLTemplate string   `mapstructure:"item_url_template"`
	ItemURLPattern  string   `mapstructure:"item_url_pattern"`
	NextPage        string   `mapstructure:"next_page"`
	AllowedDomains  []string `mapstructure:"allowed_domains"`
	FreightCSV      string   `mapstructure:"freight_csv"`
}

// CrawlConfig holds politeness, limits and request settings.
type CrawlConfig struct {
	Parallelism  int               `mapstructure:"parallelism"`
	Delay        time.Duration     `mapstructure:"delay"`
	RandomDelay  time.Duration     `mapstructure:"random_delay"`
	Timeout      time.Duration     `mapstructure:"timeout"`
	Retries      int               `mapstructure:"retries"`
	UserAgent    string            `mapstructure:"user_agent"`
	MaxPages     int               `mapstructure:"max_pages"`
	MaxBodyBytes int               `mapstructure:"max_body_bytes"`
	MaxRedirects int               `mapstructure:"max_redirects"`
	Encoding     string            `mapstructure:"encoding"`
	StripParams  []string          `mapstructure:"strip_params"`
	Headers      map[string]string `mapstructure:"headers"`
	Cookies      string            `mapstructure:"cookies"`
	PartialRatio float64           `mapstructure:"partial_ratio"`
	// TrustSitemapLastMod lets an incremental patrol carry a listing
	// forward without a request while its sitemap <lastmod> is the one it
	// had when last validated; RevalidateAfter requests it (conditionally)
	// anyway once its last validation is that old (0: never forced).
	TrustSitemapLastMod bool          `mapstructure:"trust_sitemap_lastmod"`
	RevalidateAfter     time.Duration `mapstructure:"revalidate_after"`
}

// ChecksConfig configures the rule catalogue.
type ChecksConfig struct {
	Disabled         []string            `mapstructure:"disabled"`
	ExtraTrademarks  []string            `mapstructure:"extra_trademarks"`
	AuthorizedBrands []string            `mapstructure:"authorized_brands"`
	RegionGroups     map[string][]string `mapstructure:"region_groups"`
}

// StoreConfig says where the SQLite database lives.
type StoreConfig struct {
	Path string `mapstructure:"path"`
	// Archive keeps every fetched listing page (compressed, once per
	// content hash) as evidence for appeals; ArchiveDays is the retention.
	Archive     bool `mapstructure:"archive"`
	ArchiveDays int  `mapstructure:"archive_days"`
}

// ReportsConfig says where and how reports are written.
type ReportsConfig struct {
	Dir      string `mapstructure:"dir"`
	Format   string `mapstructure:"format"`
	Lang     string `mapstructure:"lang"`
	Timezone string `mapstructure:"timezone"`
}

// RuntimeConfig tunes the Go runtime for patrols.
type RuntimeConfig struct {
	// MemoryHeadroomMB sets the runtime's soft memory limit
	// (debug.SetMemoryLimit) to what the process holds once the rule
	// engine is built plus this many MiB, so a patrol of a very large shop
	// stays small (the collector works harder near the limit) while a
	// long trademark list does not push it into constant collection.
	// 0: no limit. The GOMEMLIMIT environment variable wins.
	MemoryHeadroomMB int `mapstructure:"memory_headroom_mb"`
}

// ServeConfig configures `xundian serve`: when the scheduled patrol runs,
// where the read-only web view listens, and how long a running patrol may
// take to finish after a shutdown signal.
type ServeConfig struct {
	// Schedule is a cron spec (5 fields, or @daily, @every 6h, …) read in
	// reports.timezone; a CRON_TZ= prefix overrides the zone.
	Schedule string        `mapstructure:"schedule"`
	Listen   string        `mapstructure:"listen"`
	Grace    time.Duration `mapstructure:"grace"`
}

// defaultConfig is used for every key the file and env leave unset. It is
// also what makes env vars work for keys absent from the file: viper only
// consults env for keys it knows.
func defaultConfig() Config {
	return Config{
		Notify: notify.DefaultConfig(),
		Shop: ShopConfig{
			Name:     "demo",
			NextPage: "a.next@href",
		},
		Crawl: CrawlConfig{
			Parallelism:  4,
			Timeout:      15 * time.Second,
			Retries:      3,
			UserAgent:    "xundian/0.1 (own-shop patrol)",
			MaxBodyBytes: 5 << 20,
			MaxRedirects: 5,
			StripParams:  []string{"spm", "scm", "utm_*", "pvid", "trackInfo", "abbucket", "ali_refid", "ali_trackid"},
			Headers:      map[string]string{},
			PartialRatio: 0.05,

			TrustSitemapLastMod: true,
			RevalidateAfter:     72 * time.Hour,
		},
		Runtime: RuntimeConfig{MemoryHeadroomMB: 96},
		Checks: ChecksConfig{
			Disabled:         []string{},
			ExtraTrademarks:  []string{},
			AuthorizedBrands: []string{},
			RegionGroups:     map[string][]string{},
		},
		Store:   StoreConfig{Path: "xundian.db", Archive: true, ArchiveDays: 365},
		Reports: ReportsConfig{Dir: "reports", Format: "md", Lang: "zh", Timezone: "Asia/Shanghai"},
		Serve:   ServeConfig{Schedule: "0 2 * * *", Listen: "127.0.0.1:8765", Grace: 30 * time.Second},
		OCR:     defaultOCRConfig(),
		History: HistoryConfig{PriceGuaranteeDays: 0},
		Audit:   AuditConfig{ShopDiscount: "", ShopPoints: 0},
		// No built-in profiles: config.yaml ships double11 and 618.
		Promotions: map[string]PromotionConfig{},
	}
}

// setDefaults registers every key of cfg (recursively) as a viper default.
func setDefaults(v *viper.Viper, cfg Config) error {
	var m map[string]any
	if err := mapstructure.Decode(cfg, &m); err != nil {
		return err
	}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, val := range m {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			if sub, ok := val.(map[string]any); ok && prefix == "" {
				walk(key, sub)
				continue
			}
			v.SetDefault(key, val)
		}
	}
	walk("", m)
	return nil
}

// configFlags are the flags that override config keys.
var configFlags = map[string]string{
	"db":     "store.path",
	"format": "reports.format",
	"lang":   "reports.lang",
}

// loadConfig reads defaults < file < env < flags into a Config and
// validates it. path "" means ./config.yaml when it exists. No network I/O
// happens before it returns.
func loadConfig(path string, flags *pflag.FlagSet) (Config, error) {
	v := viper.New()
	if err := setDefaults(v, defaultConfig()); err != nil {
		return Config{}, fmt.Errorf("config defaults: %w", err)
	}
	v.SetEnvPrefix("XUNDIAN")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	v.SetConfigType("yaml")
	if path == "" {
		if _, err := os.Stat("config.yaml"); err == nil {
			path = "config.yaml"
		}
	}
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
		err = v.ReadConfig(f)
		f.Close()
		if err != nil {
			return Config{}, fmt.Errorf("config %s: %w", path, err)
		}
	}
	if flags != nil {
		for name, key := range configFlags {
			if f := flags.Lookup(name); f != nil && f.Changed {
				v.Set(key, f.Value.String())
			}
		}
	}
	var cfg Config
	err := v.UnmarshalExact(&cfg, viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(),
		mapstructure.StringToSliceHookFunc(","),
	)))
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", displayPath(path), cleanDecodeError(err))
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, fmt.Errorf("config %s: %w", displayPath(path), err)
	}
	return cfg, nil
}

func displayPath(p string) string {
	if p == "" {
		return "(defaults)"
	}
	return p
}

// cleanDecodeError keeps mapstructure's message, which names the key, but
// drops its multi-line wrapping.
func cleanDecodeError(err error) error {
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	msg = strings.Join(strings.Fields(msg), " ")
	return errors.New(msg)
}

// Validate checks every section and names the first bad key.
func (c Config) Validate() error {
	if len(c.Shop.StartURLs) == 0 && c.Shop.SitemapURL == "" && c.Shop.URLListFile == "" {
		return errors.New("shop.start_urls: no shop URL: set shop.start_urls, shop.sitemap_url or shop.url_list_file")
	}
	if c.Shop.ItemURLPattern == "" {
		return errors.New("shop.item_url_pattern: missing")
	}
	if _, err := regexp.Compile(c.Shop.ItemURLPattern); err != nil {
		return fmt.Errorf("shop.item_url_pattern: %w", err)
	}
	if c.Crawl.Parallelism < 1 {
		return fmt.Errorf("crawl.parallelism: must be at least 1, got %d", c.Crawl.Parallelism)
	}
	if c.Crawl.PartialRatio < 0 || c.Crawl.PartialRatio > 1 {
		return fmt.Errorf("crawl.partial_ratio: must be between 0 and 1, got %g", c.Crawl.PartialRatio)
	}
	if c.Runtime.MemoryHeadroomMB < 0 {
		return fmt.Errorf("runtime.memory_headroom_mb: must not be negative, got %d", c.Runtime.MemoryHeadroomMB)
	}
	if c.Crawl.RevalidateAfter < 0 {
		return fmt.Errorf("crawl.revalidate_after: must not be negative, got %s", c.Crawl.RevalidateAfter)
	}
	if err := c.crawlerConfig().Validate(); err != nil {
		return err
	}
	if err := c.checkSettings().Validate(); err != nil {
		return err
	}
	if c.Store.Path == "" {
		return errors.New("store.path: missing")
	}
	if c.Store.ArchiveDays < 0 {
		return fmt.Errorf("store.archive_days: must be 0 (keep forever) or more, got %d", c.Store.ArchiveDays)
	}
	switch c.Reports.Format {
	case "md", "json", "html", "csv", "xlsx":
	default:
		return fmt.Errorf("reports.format: unknown format %q (want md, json, html, csv or xlsx)", c.Reports.Format)
	}
	switch c.Reports.Lang {
	case "zh", "en":
	default:
		return fmt.Errorf("reports.lang: unknown language %q (want zh or en)", c.Reports.Lang)
	}
	if err := c.Notify.Validate(); err != nil {
		return err
	}
	if err := c.OCR.Validate(); err != nil {
		return err
	}
	if _, err := time.LoadLocation(c.Reports.Timezone); err != nil {
		return fmt.Errorf("reports.timezone: %w", err)
	}
	if err := c.Serve.Validate(); err != nil {
		return err
	}
	return c.validateAudit()
}

// Validate checks the serve section.
func (s ServeConfig) Validate() error {
	if _, err := cron.ParseStandard(s.Schedule); err != nil {
		return fmt.Errorf("serve.schedule: %q: %w", s.Schedule, err)
	}
	if _, _, err := net.SplitHostPort(s.Listen); err != nil {
		return fmt.Errorf("serve.listen: %w", err)
	}
	if s.Grace < 0 {
		return fmt.Errorf("serve.grace: must not be negative, got %s", s.Grace)
	}
	return nil
}

// crawlerConfig hands the crawl sections down as the crawler's own type.
func (c Config) crawlerConfig() crawler.Config {
	return crawler.Config{
		StartURLs:        c.Shop.StartURLs,
		SitemapURL:       c.Shop.SitemapURL,
		URLListFile:      c.Shop.URLListFile,
		ItemURLTemplate:  c.Shop.ItemURLTemplate,
		ItemURLPattern:   c.Shop.ItemURLPattern,
		NextPageSelector: c.Shop.NextPage,
		AllowedDomains:   c.Shop.AllowedDomains,
		StripParams:      c.Crawl.StripParams,
		Parallelism:      c.Crawl.Parallelism,
		Delay:            c.Crawl.Delay,
		RandomDelay:      c.Crawl.RandomDelay,
		Timeout:          c.Crawl.Timeout,
		Retries:          c.Crawl.Retries,
		UserAgent:        c.Crawl.UserAgent,
		MaxPages:         c.Crawl.MaxPages,
		MaxBodyBytes:     c.Crawl.MaxBodyBytes,
		MaxRedirects:     c.Crawl.MaxRedirects,
		Encoding:         c.Crawl.Encoding,
		FreightCSV:       c.Shop.FreightCSV,
		Headers:          c.Crawl.Headers,
		Cookies:          c.Crawl.Cookies,
		Selectors:        c.Selectors,
		Freight:          c.Freight,
		TrustLastMod:     c.Crawl.TrustSitemapLastMod,
		RevalidateAfter:  c.Crawl.RevalidateAfter,
	}
}

func (c Config) checkSettings() checks.Settings {
	return checks.Settings{
		Disabled:         c.Checks.Disabled,
		ExtraTrademarks:  c.Checks.ExtraTrademarks,
		AuthorizedBrands: c.Checks.AuthorizedBrands,
		RegionGroups:     c.Checks.RegionGroups,
	}
}

// HistoryConfig configures the history rules (fake-original-price,
// price-guarantee-breach), run after every patrol.
type HistoryConfig struct {
	// PriceGuaranteeDays is the shop's price-guarantee window (价保天数,
	// e.g. 30 for 全程价保); 0: no guarantee, the rule does not apply.
	PriceGuaranteeDays int `mapstructure:"price_guarantee_days"`
}

// AuditConfig holds the shop facts the pre-promotion audit cannot read
// from the storefront: the seller fills them in from the seller backend.
type AuditConfig struct {
	// ShopDiscount is the cross-store discount the shop has set
	// (满300减40); empty: none.
	ShopDiscount string `mapstructure:"shop_discount"`
	// ShopPoints are the shop's current deduction points (体检中心).
	ShopPoints int `mapstructure:"shop_points"`
}

// PromotionConfig is one promotion profile (promotions.<name>).
type PromotionConfig struct {
	Title        string  `mapstructure:"title"`
	LookbackDays int     `mapstructure:"lookback_days"`
	PriceRatio   float64 `mapstructure:"price_ratio"`
	// Waves are the presale and spot periods, dates YYYY-MM-DD in
	// reports.timezone.
	Waves            []WaveConfig `mapstructure:"waves"`
	MaxHandlingHours int          `mapstructure:"max_handling_hours"`
	SafetyStock      int          `mapstructure:"safety_stock"`
	RequiredDiscount string       `mapstructure:"required_discount"`
	MaxShopPoints    int          `mapstructure:"max_shop_points"`
	BlockSeverity    string       `mapstructure:"block_severity"`
}

// WaveConfig is one wave of a promotion profile.
type WaveConfig struct {
	Name  string `mapstructure:"name"`
	Kind  string `mapstructure:"kind"`
	Start string `mapstructure:"start"`
	End   string `mapstructure:"end"`
}

// validateAudit checks the history, audit and promotions sections.
func (c Config) validateAudit() error {
	if c.History.PriceGuaranteeDays < 0 || c.History.PriceGuaranteeDays > 365 {
		return fmt.Errorf("history.price_guarantee_days: must be 0 … 365, got %d", c.History.PriceGuaranteeDays)
	}
	if _, err := promo.ParseDiscount(c.Audit.ShopDiscount); err != nil {
		return fmt.Errorf("audit.shop_discount: %w", err)
	}
	if c.Audit.ShopPoints < 0 {
		return fmt.Errorf("audit.shop_points: must not be negative, got %d", c.Audit.ShopPoints)
	}
	for name := range c.Promotions {
		if _, err := c.promoProfile(name); err != nil {
			return err
		}
	}
	return nil
}

// promoProfile turns promotions.<name> into the audit's profile; errors
// name the key.
func (c Config) promoProfile(name string) (promo.Profile, error) {
	pc, ok := c.Promotions[name]
	if !ok {
		names := make([]string, 0, len(c.Promotions))
		for n := range c.Promotions {
			names = append(names, n)
		}
		slices.Sort(names)
		return promo.Profile{}, fmt.Errorf("promotions: no profile %q (have: %s)", name, strings.Join(names, ", "))
	}
	key := "promotions." + name
	loc, err := time.LoadLocation(c.Reports.Timezone)
	if err != nil {
		return promo.Profile{}, fmt.Errorf("reports.timezone: %w", err)
	}
	p := promo.Profile{
		Key: name, Title: pc.Title, LookbackDays: pc.LookbackDays,
		PricePermille:    int(math.Round(pc.PriceRatio * 1000)),
		MaxHandlingHours: pc.MaxHandlingHours, SafetyStock: pc.SafetyStock,
		MaxShopPoints: pc.MaxShopPoints, BlockSeverity: listing.Severity(pc.BlockSeverity),
		Location: loc,
	}
	if p.Title == "" {
		p.Title = name
	}
	if p.RequiredDiscount, err = promo.ParseDiscount(pc.RequiredDiscount); err != nil {
		return promo.Profile{}, fmt.Errorf("%s.required_discount: %w", key, err)
	}
	for i, w := range pc.Waves {
		pw := promo.Wave{Name: w.Name, Kind: promo.WaveKind(w.Kind)}
		if pw.Start, err = time.ParseInLocation(time.DateOnly, w.Start, loc); err != nil {
			return promo.Profile{}, fmt.Errorf("%s.waves[%d].start: want YYYY-MM-DD, got %q", key, i, w.Start)
		}
		if pw.End, err = time.ParseInLocation(time.DateOnly, w.End, loc); err != nil {
			return promo.Profile{}, fmt.Errorf("%s.waves[%d].end: want YYYY-MM-DD, got %q", key, i, w.End)
		}
		p.Waves = append(p.Waves, pw)
	}
	if err := p.Validate(); err != nil {
		return promo.Profile{}, fmt.Errorf("%s.%w", key, err)
	}
	return p, nil
}
