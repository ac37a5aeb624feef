package crawler

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Config is the crawler section of xundian's configuration: where the
// shop's listings are, how politely to fetch them and how to read them.
// cmd/xundian fills it from config.yaml; Validate names the offending key.
type Config struct {
	// StartURLs are index pages (paginated through NextPageSelector).
	StartURLs []string
	// SitemapURL is a sitemap or sitemap index (.xml or .xml.gz).
	SitemapURL string
	// URLListFile is an optional file of listing URLs or item IDs, one per
	// line; blank lines and lines starting with # are skipped. IDs expand
	// through ItemURLTemplate.
	URLListFile string
	// ItemURLTemplate turns an item ID into a listing URL, e.g.
	// "http://host/item/{id}.html".
	ItemURLTemplate string
	// ItemURLPattern is a regexp matched against canonical absolute URLs;
	// it decides which links are listings. Named groups (?P<id>…) give
	// the listing ID (the first non-empty group named id wins, so
	// alternations may repeat the name).
	ItemURLPattern string
	// NextPageSelector finds the next index page, e.g. "a.next@href".
	NextPageSelector string
	// AllowedDomains are hosts ("shop.example") or host:port pairs; nothing
	// else is ever requested. Empty means the hosts of StartURLs,
	// SitemapURL and ItemURLTemplate.
	AllowedDomains []string
	// StripParams are query parameters removed in canonicalization; a
	// trailing * matches a prefix ("utm_*"). Empty means DefaultStripParams.
	StripParams []string

	// Parallelism is the number of concurrent requests (default 4).
	Parallelism int
	// Delay and RandomDelay are waited after each request per slot.
	Delay, RandomDelay time.Duration
	// Timeout bounds one request including its body (default 30s).
	Timeout time.Duration
	// Retries is how often a 5xx, 429 or timed-out request is retried.
	Retries int
	// RetryBackoff is the first retry's base wait, doubled per attempt with
	// jitter (default 500ms).
	RetryBackoff time.Duration
	// UserAgent is sent on every request (default DefaultUserAgent).
	UserAgent string
	// RespectRobotsTxt makes the crawler obey robots.txt. Off by default:
	// xundian patrols the operator's own shop.
	RespectRobotsTxt bool
	// MaxPages caps how many listings are fetched (0 = no cap). Listings
	// discovered past the cap are counted in Stats.Skipped, not fetched.
	MaxPages int
	// MaxBodyBytes caps a response body (default 10 MiB); a larger body
	// is a Failure.
	MaxBodyBytes int
	// MaxRedirects caps redirects per request (default 10); more is a
	// Failure.
	MaxRedirects int
	// Encoding overrides the page charset for the whole shop ("gbk",
	// "big5", "utf-8"); empty means header, then <meta>, then detection.
	Encoding string
	// KeepPages hands each listing page's bytes to emit in Listing.Page,
	// for the evidence archive.
	KeepPages bool
	// FreightCSV is a freight-template CSV exported from the seller's
	// backend (see FreightCSVColumns); a listing's template is found by
	// the ID Selectors.FreightID reads from its page.
	FreightCSV string
	// Headers and Cookies are sent on every request. They are secrets:
	// never logged.
	Headers map[string]string
	Cookies string

	// Selectors read listing fields from the HTML when structured data
	// lacks them.
	Selectors Selectors
	// Freight maps a freight-template JSON document to a FreightTemplate.
	Freight FreightMapping
	// Embedded reads listing fields from JSON embedded in <script> tags.
	Embedded []EmbeddedJSON

	// Validators, when set, returns what the last successful check of a
	// listing URL (canonical, as queued) left behind, and false for a URL
	// to fetch unconditionally. A listing with a validator is requested
	// with If-None-Match / If-Modified-Since; a 304, or a 200 whose body
	// hashes to Validator.ContentHash, is reported to Unchanged instead
	// of being parsed (its freight template is not fetched either).
	// Validators and Unchanged are set together or not at all.
	Validators func(url string) (Validator, bool)
	// Unchanged is called, serialized with emit, for each listing whose
	// page is unchanged since its validator was taken. v holds the
	// listing ID and the validators to keep (refreshed from the response
	// when it sent new ones).
	Unchanged func(url string, v Validator)
	// TrustLastMod lets an incremental crawl skip the request for a
	// listing whose sitemap <lastmod> is the one its page had when it was
	// last validated (Validator.LastMod): the listing is reported to
	// Unchanged as it was, without a request. RevalidateAfter bounds the
	// trust: a page last validated that long ago (Validator.ValidatedAt)
	// is requested, conditionally, anyway; 0 never forces a request.
	TrustLastMod    bool
	RevalidateAfter time.Duration
	// Now is the crawl's clock for RevalidateAfter and validation times
	// (nil: time.Now).
	Now func() time.Time

	// Progress, when set, is called with running totals after each
	// listing ends (serialized with emit).
	Progress func(Stats)
	// Logger receives warnings (COLLY_* variables, parse health);
	// nil means slog.Default().
	Logger *slog.Logger
}

// Selectors are CSS selectors for listing fields. "css" takes the
// element's text, "css@attr" an attribute, "@attr" an attribute of the
// context element (for the SKU* and Attribute* fields, which are relative
// to one SKU or attribute row). Comma-separated alternatives are all
// evaluated in order; single-valued fields take the first non-empty value.
type Selectors struct {
	ID            string `mapstructure:"id"`
	Title         string `mapstructure:"title"`
	Price         string `mapstructure:"price"`
	PromoPrice    string `mapstructure:"promo_price"`
	OriginalPrice string `mapstructure:"original_price"`
	// SKU selects one element per SKU; SKUID, SKUName, SKUPrice and
	// SKUStock are relative to it (empty SKUName = the element's text).
	SKU      string `mapstructure:"sku"`
	SKUID    string `mapstructure:"sku_id"`
	SKUName  string `mapstructure:"sku_name"`
	SKUPrice string `mapstructure:"sku_price"`
	SKUStock string `mapstructure:"sku_stock"`
	// MainImages and DescriptionImages select <img> elements (src, then
	// data-src; alt becomes Image.Alt) or, with @attr, URL attributes.
	MainImages        string `mapstructure:"main_images"`
	DescriptionImages string `mapstructure:"description_images"`
	// AttributeRow selects one element per attribute; AttributeName and
	// AttributeValue are relative to it. Without them a row's text is
	// split at the first ":" or "：".
	AttributeRow   string `mapstructure:"attribute_row"`
	AttributeName  string `mapstructure:"attribute_name"`
	AttributeValue string `mapstructure:"attribute_value"`
	Description    string `mapstructure:"description"`
	ServiceText    string `mapstructure:"service_text"`
	// Payment is the payment-methods text; COD a boolean ("true",
	// "false") or text mentioning 货到付款.
	Payment string `mapstructure:"payment"`
	COD     string `mapstructure:"cod"`
	// HandlingTime is hours ("48") or text ("付款后48小时内发货").
	HandlingTime string `mapstructure:"handling_time"`
	// ReturnExempt is a boolean attribute or text ("true", "是").
	ReturnExempt string `mapstructure:"return_exempt"`
	Stock        string `mapstructure:"stock"`
	// FreightURL gives the URL of the listing's freight-template JSON.
	FreightURL string `mapstructure:"freight_url"`
	// FreightRow selects the rows of a freight fee table shown on the page;
	// FreightRegions, FreightFirst and FreightAdditional are read inside
	// each row (a row whose regions say 默认/其他地区 is the default fee).
	FreightRow        string `mapstructure:"freight_row"`
	FreightRegions    string `mapstructure:"freight_regions"`
	FreightFirst      string `mapstructure:"freight_first"`
	FreightAdditional string `mapstructure:"freight_additional"`
	// FreightID gives the listing's freight-template ID, looked up in
	// Config.FreightCSV.
	FreightID string `mapstructure:"freight_id"`
}

// FreightMapping gives gjson paths into a freight-template JSON document.
// Empty fields take the paths of the demo shop's format (DefaultFreightMapping).
// RegionAreas, RegionFirst and RegionAdditional are relative to one element
// of Regions; FreeAreas, FreeMinAmount and FreeMinQuantity to one element of
// FreeConditions.
type FreightMapping struct {
	ID                string `mapstructure:"id"`
	Name              string `mapstructure:"name"`
	DefaultFirst      string `mapstructure:"default_first"`
	DefaultAdditional string `mapstructure:"default_additional"`
	Regions           string `mapstructure:"regions"`
	RegionAreas       string `mapstructure:"region_areas"`
	RegionFirst       string `mapstructure:"region_first"`
	RegionAdditional  string `mapstructure:"region_additional"`
	FreeConditions    string `mapstructure:"free_conditions"`
	FreeAreas         string `mapstructure:"free_areas"`
	FreeMinAmount     string `mapstructure:"free_min_amount"`
	FreeMinQuantity   string `mapstructure:"free_min_quantity"`
	Undeliverable     string `mapstructure:"undeliverable"`
}

// DefaultFreightMapping matches the demo shop's /freight/{id}.json format.
var DefaultFreightMapping = FreightMapping{
	ID: "template_id", Name: "name",
	DefaultFirst: "default.first", DefaultAdditional: "default.additional",
	Regions: "regions", RegionAreas: "areas", RegionFirst: "first", RegionAdditional: "additional",
	FreeConditions: "free_conditions", FreeAreas: "areas", FreeMinAmount: "min_amount", FreeMinQuantity: "min_quantity",
	Undeliverable: "undeliverable",
}

// DefaultStripParams are tracking parameters dropped from URLs when
// StripParams is empty.
var DefaultStripParams = []string{
	"spm", "scm", "acm", "pvid", "utm_*", "ali_trackid", "ali_refid",
	"abbucket", "abtest", "trackInfo", "_u", "gclid", "fbclid", "from", "ns",
}

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "xundian/1.0 (+listing patrol; own-shop compliance crawler)"

// Validate checks cfg and compiles its regexps and selectors; the error
// names the config key, e.g. "crawler.item_url_pattern: error parsing
// regexp: …".
func (c Config) Validate() error {
	_, err := compile(c)
	return err
}

// compiled holds everything Validate compiles, for one run.
type compiled struct {
	pattern  *regexp.Regexp
	idGroups []int
	allowed  map[string]bool
	strip    []string
	next     selector
	embedded []compiledEmbedded
}

func keyErr(key string, err error) error { return fmt.Errorf("crawler.%s: %w", key, err) }

func compile(c Config) (*compiled, error) {
	out := &compiled{allowed: map[string]bool{}}
	if c.FreightCSV != "" {
		if _, err := loadFreightCSV(c.FreightCSV); err != nil {
			return nil, keyErr("freight_csv", err)
		}
	}
	if len(c.StartURLs) == 0 && c.SitemapURL == "" && c.URLListFile == "" {
		return nil, keyErr("start_urls", errors.New("no start_urls, sitemap_url or url_list_file given"))
	}
	var hosts []string
	checkURL := func(key, raw string) error {
		u, err := url.Parse(raw)
		if err != nil {
			return keyErr(key, err)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return keyErr(key, fmt.Errorf("%q is not an absolute http(s) URL", raw))
		}
		hosts = append(hosts, strings.ToLower(u.Host))
		return nil
	}
	for i, s := range c.StartURLs {
		if err := checkURL(fmt.Sprintf("start_urls[%d]", i), s); err != nil {
			return nil, err
		}
	}
	if c.SitemapURL != "" {
		if err := checkURL("sitemap_url", c.SitemapURL); err != nil {
			return nil, err
		}
	}
	if c.ItemURLTemplate != "" {
		if !strings.Contains(c.ItemURLTemplate, "{id}") {
			return nil, keyErr("item_url_template", errors.New("must contain {id}"))
		}
		if err := checkURL("item_url_template", strings.ReplaceAll(c.ItemURLTemplate, "{id}", "1")); err != nil {
			return nil, err
		}
	}
	if c.ItemURLPattern != "" {
		re, err := regexp.Compile(c.ItemURLPattern)
		if err != nil {
			return nil, keyErr("item_url_pattern", err)
		}
		out.pattern = re
		for i, n := range re.SubexpNames() {
			if n == "id" {
				out.idGroups = append(out.idGroups, i)
			}
		}
	} else if len(c.StartURLs) > 0 {
		return nil, keyErr("item_url_pattern", errors.New("required with start_urls: it decides which links are listings"))
	}
	if len(c.AllowedDomains) == 0 {
		for _, h := range hosts {
			out.allowed[h] = true
		}
	}
	for i, d := range c.AllowedDomains {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" || strings.ContainsAny(d, "/ ") {
			return nil, keyErr(fmt.Sprintf("allowed_domains[%d]", i), fmt.Errorf("%q is not a host or host:port", d))
		}
		out.allowed[d] = true
	}
	for _, h := range hosts {
		if !hostAllowed(out.allowed, h) {
			return nil, keyErr("allowed_domains", fmt.Errorf("does not include %q, a configured URL's host", h))
		}
	}
	out.strip = c.StripParams
	if len(out.strip) == 0 {
		out.strip = DefaultStripParams
	}
	if c.NextPageSelector != "" {
		s, err := parseSelector(c.NextPageSelector)
		if err != nil {
			return nil, keyErr("next_page_selector", err)
		}
		out.next = s
	}
	if err := c.Selectors.validate(); err != nil {
		return nil, err
	}
	for i, e := range c.Embedded {
		ce, err := compileEmbedded(e)
		if err != nil {
			return nil, keyErr(fmt.Sprintf("embedded[%d].%s", i, err.key), err.err)
		}
		out.embedded = append(out.embedded, ce)
	}
	if c.Encoding != "" {
		if _, _, err := lookupEncoding(c.Encoding); err != nil {
			return nil, keyErr("encoding", err)
		}
	}
	for k, v := range map[string]int{"parallelism": c.Parallelism, "retries": c.Retries, "max_pages": c.MaxPages, "max_body_bytes": c.MaxBodyBytes, "max_redirects": c.MaxRedirects} {
		if v < 0 {
			return nil, keyErr(k, fmt.Errorf("must not be negative, got %d", v))
		}
	}
	for k, v := range map[string]time.Duration{"delay": c.Delay, "random_delay": c.RandomDelay, "timeout": c.Timeout, "retry_backoff": c.RetryBackoff} {
		if v < 0 {
			return nil, keyErr(k, fmt.Errorf("must not be negative, got %s", v))
		}
	}
	for k := range c.Headers {
		if k == "" || strings.ContainsAny(k, " :\r\n") {
			return nil, keyErr("headers", fmt.Errorf("invalid header name %q", k))
		}
	}
	if strings.ContainsAny(c.Cookies, "\r\n") {
		return nil, keyErr("cookies", errors.New("must be one line"))
	}
	return out, nil
}

// hostAllowed reports whether host (host or host:port, lower case) is in
// the allow set, which holds hosts and host:port pairs.
func hostAllowed(allowed map[string]bool, host string) bool {
	if allowed[host] {
		return true
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		return allowed[h]
	}
	return false
}

// withDefaults fills zero values with the documented defaults.
func (c Config) withDefaults() Config {
	if c.Parallelism == 0 {
		c.Parallelism = 4
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	if c.RetryBackoff == 0 {
		c.RetryBackoff = 500 * time.Millisecond
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = 10 << 20
	}
	if c.MaxRedirects == 0 {
		c.MaxRedirects = 10
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}
