package crawler

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"golang.org/x/text/transform"
)

// sitemapPage is a page a sitemap lists and its <lastmod> as written
// ("" when absent).
type sitemapPage struct {
	loc, lastmod string
}

// parseSitemap reads a sitemap index (<sitemapindex><sitemap><loc>) or a
// URL set (<urlset><url><loc> and <lastmod>), gzip-compressed or not, and
// returns the child sitemaps and the pages it lists. Decompressed size is
// capped at limit bytes.
func parseSitemap(body []byte, limit int) (sitemaps []string, pages []sitemapPage, err error) {
	var r io.Reader = bytes.NewReader(body)
	if len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, nil, fmt.Errorf("sitemap: %w", err)
		}
		defer zr.Close()
		r = io.LimitReader(zr, int64(limit)+1)
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, nil, fmt.Errorf("sitemap: %w", err)
		}
		if len(data) > limit {
			return nil, nil, fmt.Errorf("sitemap: decompressed size exceeds max_body_bytes (%d)", limit)
		}
		r = bytes.NewReader(data)
	}
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		enc, _, err := lookupEncoding(label)
		if err != nil {
			return nil, err
		}
		if enc == nil {
			return in, nil
		}
		return transform.NewReader(in, enc.NewDecoder()), nil
	}
	var parent string // "sitemap" or "url"
	inLoc, inLastMod := false, false
	var loc, lastmod strings.Builder
	var page sitemapPage
	sawRoot := false
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return sitemaps, pages, fmt.Errorf("sitemap: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sitemapindex", "urlset":
				sawRoot = true
			case "sitemap", "url":
				parent = t.Name.Local
				page = sitemapPage{}
			case "loc":
				inLoc = parent != ""
				loc.Reset()
			case "lastmod":
				inLastMod = parent == "url"
				lastmod.Reset()
			}
		case xml.CharData:
			if inLoc {
				loc.Write(t)
			}
			if inLastMod {
				lastmod.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "loc":
				if inLoc {
					if s := strings.TrimSpace(loc.String()); s != "" {
						if parent == "sitemap" {
							sitemaps = append(sitemaps, s)
						} else {
							page.loc = s
						}
					}
				}
				inLoc = false
			case "lastmod":
				if inLastMod {
					page.lastmod = strings.TrimSpace(lastmod.String())
				}
				inLastMod = false
			case "url":
				if page.loc != "" {
					pages = append(pages, page)
				}
				parent = ""
			case "sitemap":
				parent = ""
			}
		}
	}
	if !sawRoot {
		return nil, nil, errors.New("sitemap: no <urlset> or <sitemapindex> element")
	}
	return sitemaps, pages, nil
}

// readURLList reads a file of listing URLs or item IDs, one per line;
// blank lines and # comments are skipped, IDs expand through template.
func readURLList(path, template string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, keyErr("url_list_file", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "http://") || strings.HasPrefix(line, "https://") {
			out = append(out, line)
			continue
		}
		if template == "" {
			return nil, keyErr("item_url_template", fmt.Errorf("required: %s line %d is an item ID (%q)", path, n, line))
		}
		out = append(out, strings.ReplaceAll(template, "{id}", url.PathEscape(line)))
	}
	if err := sc.Err(); err != nil {
		return nil, keyErr("url_list_file", err)
	}
	return out, nil
}
