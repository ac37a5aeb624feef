package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/xundian/xundian/ocr"
	"github.com/xundian/xundian/patrol"
)

// OCRConfig configures reading the text stamped on listing images.
type OCRConfig struct {
	// Enabled turns image OCR on. When it is on but the engine cannot
	// run, the patrol goes on without it, warns, and the report says
	// image checks were skipped.
	Enabled bool `mapstructure:"enabled"`
	// Command is the tesseract executable (a name in PATH or a path).
	Command string `mapstructure:"command"`
	// Languages are Tesseract language codes.
	Languages []string `mapstructure:"languages"`
	// PSM is Tesseract's page segmentation mode.
	PSM int `mapstructure:"psm"`
	// MinConfidence drops recognized words below it (0–100).
	MinConfidence float64 `mapstructure:"min_confidence"`
	// MaxImagesPerListing: main images first, then description images.
	MaxImagesPerListing int `mapstructure:"max_images_per_listing"`
	// MaxImageBytes: a larger image is not downloaded.
	MaxImageBytes int64 `mapstructure:"max_image_bytes"`
	// Workers is how many images are read at once; 0 means one per core.
	Workers int `mapstructure:"workers"`
}

func defaultOCRConfig() OCRConfig {
	return OCRConfig{
		Enabled:             true,
		Command:             "tesseract",
		Languages:           []string{"chi_sim", "chi_tra"},
		PSM:                 6,
		MinConfidence:       30,
		MaxImagesPerListing: 6,
		MaxImageBytes:       10 << 20,
		Workers:             0,
	}
}

// Validate checks the ocr section.
func (o OCRConfig) Validate() error {
	if o.Command == "" {
		return errors.New("ocr.command: missing")
	}
	if len(o.Languages) == 0 {
		return errors.New("ocr.languages: missing")
	}
	for _, l := range o.Languages {
		if l == "" || strings.ContainsAny(l, "+ \t") {
			return fmt.Errorf("ocr.languages: bad language code %q", l)
		}
	}
	if o.PSM < 0 || o.PSM > 13 {
		return fmt.Errorf("ocr.psm: must be 0…13, got %d", o.PSM)
	}
	if o.MinConfidence < 0 || o.MinConfidence > 100 {
		return fmt.Errorf("ocr.min_confidence: must be 0…100, got %g", o.MinConfidence)
	}
	if o.MaxImagesPerListing < 1 {
		return fmt.Errorf("ocr.max_images_per_listing: must be at least 1, got %d", o.MaxImagesPerListing)
	}
	if o.MaxImageBytes < 1024 {
		return fmt.Errorf("ocr.max_image_bytes: must be at least 1024, got %d", o.MaxImageBytes)
	}
	if o.Workers < 0 {
		return fmt.Errorf("ocr.workers: must not be negative, got %d", o.Workers)
	}
	return nil
}

// ocrOptions builds the patrol's image OCR: the Tesseract engine and a
// fetcher that downloads images with the crawl's timeout, user agent,
// headers and delay, only from shop.allowed_domains (or, when that is
// empty, the hosts of the shop's own URLs). warn gets the one warning
// when Tesseract cannot run.
func (c Config) ocrOptions(warn io.Writer) patrol.OCROptions {
	if !c.OCR.Enabled {
		return patrol.OCROptions{}
	}
	allowed := c.imageHostAllowed()
	return patrol.OCROptions{
		Engine: ocr.NewTesseract(ocr.TesseractOptions{
			Command: c.OCR.Command, Languages: c.OCR.Languages,
			PSM: c.OCR.PSM, MinConfidence: c.OCR.MinConfidence,
		}),
		Fetcher: &ocr.Fetcher{
			Client:    ocr.NewClient(c.Crawl.Timeout, allowed),
			UserAgent: c.Crawl.UserAgent,
			Headers:   c.Crawl.Headers,
			Allowed:   allowed,
			MaxBytes:  c.OCR.MaxImageBytes,
			Delay:     c.Crawl.Delay,
		},
		MaxImages: c.OCR.MaxImagesPerListing,
		Workers:   c.OCR.Workers,
		Warn:      func(msg string) { fmt.Fprintln(warn, msg) },
	}
}

// imageHostAllowed reports whether an image URL's host may be fetched:
// one of shop.allowed_domains, or with none configured, a host of the
// shop's start, sitemap or item URLs.
func (c Config) imageHostAllowed() func(u *url.URL) bool {
	hosts := map[string]bool{}
	for _, d := range c.Shop.AllowedDomains {
		hosts[strings.ToLower(d)] = true
	}
	if len(hosts) == 0 {
		for _, s := range append(append([]string{}, c.Shop.StartURLs...), c.Shop.SitemapURL, c.Shop.ItemURLTemplate) {
			if u, err := url.Parse(s); err == nil && u.Hostname() != "" {
				hosts[strings.ToLower(u.Hostname())] = true
			}
		}
	}
	return func(u *url.URL) bool { return hosts[strings.ToLower(u.Hostname())] }
}
