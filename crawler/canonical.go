package crawler

import (
	"net/url"
	"slices"
	"strings"
)

// Canonicalize returns the canonical form of an absolute URL, the
// crawler's dedupe key: scheme and host lower-cased, default port and
// fragment dropped, an empty path made "/", parameters named in strip
// (a trailing * matches a prefix, "utm_*") removed and the remaining
// query sorted by key (values keep their order).
func Canonicalize(raw string, strip []string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", err
	}
	return canonicalURL(u, strip).String(), nil
}

func canonicalURL(in *url.URL, strip []string) *url.URL {
	u := *in
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (p == "80" && u.Scheme == "http") || (p == "443" && u.Scheme == "https") {
		u.Host = u.Hostname()
	}
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" && u.Opaque == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err == nil {
			for k := range q {
				if stripped(k, strip) {
					delete(q, k)
				}
			}
			u.RawQuery = encodeSorted(q)
		}
	}
	u.ForceQuery = false
	return &u
}

func stripped(key string, strip []string) bool {
	for _, s := range strip {
		if p, ok := strings.CutSuffix(s, "*"); ok {
			if strings.HasPrefix(key, p) {
				return true
			}
		} else if key == s {
			return true
		}
	}
	return false
}

func encodeSorted(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

// resolve joins href to base and returns the absolute URL, or nil for
// anything that is not http(s) (javascript:, mailto:, data:).
func resolve(base *url.URL, href string) *url.URL {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return nil
	}
	u, err := url.Parse(href)
	if err != nil {
		return nil
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	return u
}
