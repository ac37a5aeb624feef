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
	b, err := decodeBody(body, contentType, override)
	return string(b), err
}

// decodeBody is DecodeBody returning bytes, which are body itself (or a
// part of it) when no transcoding is needed: most pages are UTF-8, and
// they are neither copied nor run through a decoder.
func decodeBody(body []byte, contentType string, override string) ([]byte, error) {
	if override != "" {
		enc, _, err := lookupEncoding(override)
		if err != nil {
			return nil, err
		}
		return decodeWith(body, enc, utf8.Valid(body)), nil
	}
	valid := utf8.Valid(body)
	// likely: valid UTF-8, or UTF-8 with a few stray bytes (a truncated
	// character, junk pasted into a template), which is still UTF-8 and
	// not a legacy charset's text (see mostlyUTF8).
	likely := valid || mostlyUTF8(body)
	if valid {
		// Valid UTF-8 holding a non-ASCII byte is never in a legacy
		// charset (see plausible), and decoding it as UTF-8 keeps it as
		// is: whatever the header or a <meta> says, the steps below
		// would return it unchanged (after a UTF-8 byte-order mark; the
		// UTF-16 ones are not valid UTF-8).
		if len(body) >= len(utf8BOM) && string(body[:len(utf8BOM)]) == utf8BOM {
			return body[len(utf8BOM):], nil
		}
		if !isASCIIBytes(body) {
			return body, nil
		}
	}
	if enc, n := bomEncoding(body); enc != nil {
		return decodeWith(body[n:], enc, valid), nil
	}
	if enc := headerEncoding(contentType); enc != nil && plausible(body, enc, likely) {
		return decodeWith(body, enc, valid), nil
	}
	if enc := prescanEncoding(body); enc != nil && plausible(body, enc, likely) {
		return decodeWith(body, enc, valid), nil
	}
	if likely {
		return decodeWith(body, utf8Enc, valid), nil
	}
	return decodeWith(body, detectEncoding(body), valid), nil
}

// mostlyUTF8 reports whether body, which is not valid UTF-8, is UTF-8 text
// with stray bytes: at least 2 well-formed multibyte characters for each
// byte that is not one. GBK or Big5 text read as UTF-8 is mostly invalid
// bytes (their lead bytes are UTF-8 continuation bytes or leads of
// sequences their trail bytes do not continue): the demo shop's legacy
// pages have 0.1–0.33 well-formed characters per invalid byte. A UTF-8
// page with a truncated character, a pasted control byte or a GBK-encoded
// include (a footer, an ad block) keeps its text, as a browser obeying
// its UTF-8 label shows it, instead of being decoded as GB18030 into
// mojibake, which would make its findings look fixed.
func mostlyUTF8(body []byte) bool {
	var good, bad int
	for i := 0; i < len(body); {
		if body[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			good++
		}
		i += n
	}
	return bad > 0 && good >= 2*bad
}

const utf8BOM = "\xEF\xBB\xBF"

func isASCIIBytes(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// plausible reports whether a declared charset can be the body's: bytes
// labelled UTF-8 must be (mostly) UTF-8, and non-ASCII bytes that are
// UTF-8 are not in a legacy charset (GBK or Big5 text is practically never
// valid UTF-8). A mislabelled page decoded as labelled turns into
// mojibake, and its findings would silently look fixed. utf8Text is
// whether body is valid or mostly UTF-8 (mostlyUTF8).
func plausible(body []byte, enc encoding.Encoding, utf8Text bool) bool {
	if enc == utf8Enc {
		return utf8Text
	}
	return !utf8Text || isASCIIBytes(body)
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

// decodeWith decodes body from enc (nil: UTF-8); valid is
// utf8.Valid(body). UTF-8 that is valid is returned as is.
func decodeWith(body []byte, enc encoding.Encoding, valid bool) []byte {
	if enc == nil || enc == utf8Enc {
		if valid {
			return body
		}
		if enc == nil {
			return bytes.ToValidUTF8(body, []byte("\uFFFD"))
		}
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		// x/text decoders replace bad input; an error here is a transformer
		// failure we cannot recover from, so keep what is valid.
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	return out
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
