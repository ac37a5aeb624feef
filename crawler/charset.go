package crawler

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// DecodeBody turns a page's bytes into text. The charset is chosen, in
// order, from override (the shop's configured encoding), a byte-order mark,
// the Content-Type header, a <meta charset> / <meta http-equiv> or XML
// declaration in the first 4096 bytes, valid UTF-8 (kept as is) and finally
// statistical detection. "gbk", "gb2312" and detected GB-18030 decode as
// GB18030, as browsers do, so 4-byte sequences outside GBK survive.
// A declared charset the bytes cannot be in (see plausible) is skipped.
// Invalid bytes become U+FFFD; the error is only for an unknown override.
func DecodeBody(body []byte, contentType string, override string) (string, error) {
	if override != "" {
		enc, _, err := lookupEncoding(override)
		if err != nil {
			return "", err
		}
		return decodeWith(body, enc), nil
	}
	if enc, n := bomEncoding(body); enc != nil {
		return decodeWith(body[n:], enc), nil
	}
	if enc := headerEncoding(contentType); enc != nil && plausible(body, enc) {
		return decodeWith(body, enc), nil
	}
	if enc := prescanEncoding(body); enc != nil && plausible(body, enc) {
		return decodeWith(body, enc), nil
	}
	if utf8.Valid(body) {
		return string(body), nil
	}
	return decodeWith(body, detectEncoding(body)), nil
}

// plausible reports whether a declared charset can be the body's: bytes
// labelled UTF-8 must be valid UTF-8, and non-ASCII bytes that are valid
// UTF-8 are not in a legacy charset (GBK or Big5 text is practically never
// valid UTF-8). A mislabelled page decoded as labelled turns into
// mojibake, and its findings would silently look fixed.
func plausible(body []byte, enc encoding.Encoding) bool {
	if enc == utf8Enc {
		return utf8.Valid(body)
	}
	if !utf8.Valid(body) {
		return true
	}
	for _, c := range body {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lookupEncoding maps a charset label to its decoder; nil means UTF-8.
func lookupEncoding(label string) (encoding.Encoding, string, error) {
	l := strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch l {
	case "gbk", "gb2312", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "windows-936", "gb18030", "gb-18030", "euc-cn", "csgb2312", "chinese", "iso-ir-58":
		return simplifiedchinese.GB18030, "gb18030", nil
	case "utf-8", "utf8", "unicode-1-1-utf-8":
		return nil, "utf-8", nil
	}
	enc, err := htmlindex.Get(l)
	if err != nil {
		return nil, "", fmt.Errorf("unknown encoding %q", label)
	}
	name, _ := htmlindex.Name(enc)
	if name == "utf-8" {
		return nil, name, nil
	}
	return enc, name, nil
}

func decodeWith(body []byte, enc encoding.Encoding) string {
	if enc == nil {
		if utf8.Valid(body) {
			return string(body)
		}
		return strings.ToValidUTF8(string(body), "\uFFFD")
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		// x/text decoders replace bad input; an error here is a transformer
		// failure we cannot recover from, so keep what is valid.
		return strings.ToValidUTF8(string(body), "\uFFFD")
	}
	return string(out)
}

func bomEncoding(b []byte) (encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	}
	return nil, 0
}

// headerEncoding returns the decoder for a Content-Type's charset, nil
// when there is none (or it is UTF-8 and the caller should use utf8Enc).
func headerEncoding(contentType string) encoding.Encoding {
	if contentType == "" {
		return nil
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil
	}
	cs := params["charset"]
	if cs == "" {
		return nil
	}
	enc, _, err := lookupEncoding(cs)
	if err != nil {
		return nil
	}
	if enc == nil {
		return utf8Enc
	}
	return enc
}

// utf8Enc marks "UTF-8 was declared": invalid bytes become U+FFFD.
var utf8Enc encoding.Encoding = unicode.UTF8

var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_:.\-]+)`)

// prescanEncoding looks for a declared charset in the first 4096 bytes.
func prescanEncoding(b []byte) encoding.Encoding {
	if len(b) > 4096 {
		b = b[:4096]
	}
	m := metaCharsetRe.FindSubmatch(b)
	if m == nil {
		return nil
	}
	label := string(m[1])
	if label == "" {
		label = string(m[2])
	}
	enc, name, err := lookupEncoding(label)
	if err != nil {
		return nil
	}
	if enc == nil || name == "utf-16le" || name == "utf-16be" {
		// A page that got this far is not valid UTF-8; a UTF-16 meta in
		// an ASCII-compatible page is a lie (HTML spec: treat as UTF-8).
		return utf8Enc
	}
	return enc
}

// detectEncoding guesses the charset of a page that declares none and is
// not UTF-8. chardet names GB18030 "GB-18030"; GB18030 is the fallback
// because a Chinese shop's undeclared legacy pages are almost always GBK.
func detectEncoding(b []byte) encoding.Encoding {
	results, err := chardet.NewHtmlDetector().DetectAll(b)
	if err != nil || len(results) == 0 {
		return simplifiedchinese.GB18030
	}
	for _, r := range results {
		switch strings.ToLower(r.Charset) {
		case "gb-18030", "gb18030", "gbk", "gb2312":
			return simplifiedchinese.GB18030
		case "big5":
			if r.Confidence >= 50 {
				enc, _, _ := lookupEncoding("big5")
				return enc
			}
		case "utf-8":
			continue
		default:
			if r.Confidence >= 80 {
				if enc, _, err := lookupEncoding(r.Charset); err == nil && enc != nil {
					return enc
				}
			}
		}
	}
	return simplifiedchinese.GB18030
}
