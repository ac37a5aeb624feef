package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xundian/xundian/listing"
)

// The snapshot JSON encoders below write exactly what encoding/json
// writes for the same values (json.Marshal: fields in declaration order
// under their tag names, omitempty, HTML-safe string escaping, map keys
// sorted), so stored snapshots do not depend on which encoded them.
// snapshotjson_test.go compares them with json.Marshal on listings with
// every field set by reflection, so a field added to listing.Listing
// without an encoder here fails it.

// appendListingJSON appends json.Marshal(l) with FetchedAt set to at.
func appendListingJSON(b []byte, l *listing.Listing, at time.Time) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, l.ID)
	b = append(b, `,"url":`...)
	b = appendJSONString(b, l.URL)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, l.Title)
	b = appendStringField(b, `,"brand":`, l.Brand)
	b = append(b, `,"price":`...)
	b = strconv.AppendInt(b, int64(l.Price), 10)
	b = appendIntField(b, `,"promo_price":`, int64(l.PromoPrice))
	b = appendIntField(b, `,"original_price":`, int64(l.OriginalPrice))
	b = appendStringField(b, `,"currency":`, l.Currency)
	if len(l.SKUs) > 0 {
		b = append(b, `,"skus":[`...)
		for i := range l.SKUs {
			s := &l.SKUs[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			if s.ID != "" {
				b = append(b, `"id":`...)
				b = appendJSONString(b, s.ID)
				b = append(b, ',')
			}
			b = append(b, `"name":`...)
			b = appendJSONString(b, s.Name)
			b = append(b, `,"price":`...)
			b = strconv.AppendInt(b, int64(s.Price), 10)
			b = appendIntField(b, `,"promo_price":`, int64(s.PromoPrice))
			b = appendIntField(b, `,"stock":`, int64(s.Stock))
			b = appendBoolField(b, `,"has_stock":`, s.HasStock)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(l.Images) > 0 {
		b = append(b, `,"images":[`...)
		for i := range l.Images {
			im := &l.Images[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"url":`...)
			b = appendJSONString(b, im.URL)
			b = appendStringField(b, `,"alt":`, im.Alt)
			b = appendStringField(b, `,"role":`, string(im.Role))
			b = appendStringField(b, `,"text":`, im.Text)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(l.Attributes) > 0 {
		b = append(b, `,"attributes":[`...)
		for i, a := range l.Attributes {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendJSONString(b, a.Name)
			b = append(b, `,"value":`...)
			b = appendJSONString(b, a.Value)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendStringField(b, `,"description":`, l.Description)
	b = appendStringField(b, `,"service_text":`, l.ServiceText)
	if len(l.PaymentMethods) > 0 {
		b = append(b, `,"payment_methods":[`...)
		for i, m := range l.PaymentMethods {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, m)
		}
		b = append(b, ']')
	}
	b = appendBoolField(b, `,"offers_cod":`, l.OffersCOD)
	b = appendIntField(b, `,"handling_hours":`, int64(l.HandlingHours))
	b = appendBoolField(b, `,"has_handling":`, l.HasHandling)
	b = appendBoolField(b, `,"return_exempt":`, l.ReturnExempt)
	b = appendIntField(b, `,"stock":`, int64(l.Stock))
	b = appendBoolField(b, `,"has_stock":`, l.HasStock)
	if l.Freight != nil {
		b = append(b, `,"freight":`...)
		b = appendFreightTemplateJSON(b, l.Freight)
	}
	b = appendStringField(b, `,"content_hash":`, l.ContentHash)
	b = appendStringField(b, `,"etag":`, l.ETag)
	b = appendStringField(b, `,"last_modified":`, l.LastModified)
	b = append(b, `,"fetched_at":"`...)
	b, err := at.AppendText(b)
	if err != nil {
		return b, err
	}
	return append(b, `"}`...), nil
}

// appendFreightTemplateJSON appends json.Marshal(t).
func appendFreightTemplateJSON(b []byte, t *listing.FreightTemplate) []byte {
	b = append(b, '{')
	b = appendStringField(b, `"id":`, t.ID)
	if t.Name != "" {
		b = appendSep(b)
		b = append(b, `"name":`...)
		b = appendJSONString(b, t.Name)
	}
	b = appendSep(b)
	b = append(b, `"default":`...)
	b = appendFeeJSON(b, t.Default)
	if len(t.Regions) > 0 {
		b = append(b, `,"regions":[`...)
		for i, rf := range t.Regions {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"regions":`...)
			if rf.Regions == nil {
				b = append(b, "null"...)
			} else {
				b = appendRegionsJSON(b, rf.Regions)
			}
			b = append(b, `,"fee":`...)
			b = appendFeeJSON(b, rf.Fee)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(t.FreeConditions) > 0 {
		b = append(b, `,"free_conditions":[`...)
		for i, c := range t.FreeConditions {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			if len(c.Regions) > 0 {
				b = append(b, `"regions":`...)
				b = appendRegionsJSON(b, c.Regions)
			}
			if c.MinAmount != 0 {
				b = appendSep(b)
				b = append(b, `"min_amount":`...)
				b = strconv.AppendInt(b, int64(c.MinAmount), 10)
			}
			if c.MinQuantity != 0 {
				b = appendSep(b)
				b = append(b, `"min_quantity":`...)
				b = strconv.AppendInt(b, int64(c.MinQuantity), 10)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(t.Undeliverable) > 0 {
		b = append(b, `,"undeliverable":`...)
		b = appendRegionsJSON(b, t.Undeliverable)
	}
	return append(b, '}')
}

// appendFreightSummaryJSON appends the freight column of a snapshot:
// enough to see a template change between runs without decoding the whole
// listing. It is the JSON of
//
//	struct {
//		ID            string                   `json:"id,omitempty"`
//		Name          string                   `json:"name,omitempty"`
//		Default       listing.Fee              `json:"default"`
//		Charged       map[listing.Region]Money `json:"charged,omitempty"`
//		Undeliverable []listing.Region         `json:"undeliverable,omitempty"`
//	}
//
// where Charged is what each charged mainland region pays for one item at
// the lowest payable price, in fen.
func appendFreightSummaryJSON(b []byte, t *listing.FreightTemplate, charged []listing.Charge) []byte {
	b = append(b, '{')
	b = appendStringField(b, `"id":`, t.ID)
	if t.Name != "" {
		b = appendSep(b)
		b = append(b, `"name":`...)
		b = appendJSONString(b, t.Name)
	}
	b = appendSep(b)
	b = append(b, `"default":`...)
	b = appendFeeJSON(b, t.Default)
	if len(charged) > 0 {
		// As a map: sorted by region, the last charge of a region wins.
		cs := slices.Clone(charged)
		slices.SortStableFunc(cs, func(x, y listing.Charge) int { return strings.Compare(string(x.Region), string(y.Region)) })
		b = append(b, `,"charged":{`...)
		for i, c := range cs {
			if i+1 < len(cs) && cs[i+1].Region == c.Region {
				continue
			}
			if b[len(b)-1] != '{' {
				b = append(b, ',')
			}
			b = appendJSONString(b, string(c.Region))
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(c.Fee), 10)
		}
		b = append(b, '}')
	}
	if len(t.Undeliverable) > 0 {
		b = append(b, `,"undeliverable":`...)
		b = appendRegionsJSON(b, t.Undeliverable)
	}
	return append(b, '}')
}

// appendSKUPricesJSON appends the sku_prices column of a snapshot, the
// JSON of a map from each SKU's ID (its name when it has none, "#n" for
// the nth SKU when it has neither) to its list price: keys sorted, the
// last SKU of a key wins.
func appendSKUPricesJSON(b []byte, skus []listing.SKU) []byte {
	type kv struct {
		key   string
		price listing.Money
	}
	var arr [16]kv
	kvs := arr[:0]
	for i, s := range skus {
		key := s.ID
		if key == "" {
			key = s.Name
		}
		if key == "" {
			key = "#" + strconv.Itoa(i+1)
		}
		kvs = append(kvs, kv{key, s.Price})
	}
	slices.SortStableFunc(kvs, func(x, y kv) int { return strings.Compare(x.key, y.key) })
	b = append(b, '{')
	for i, e := range kvs {
		if i+1 < len(kvs) && kvs[i+1].key == e.key {
			continue
		}
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = appendJSONString(b, e.key)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(e.price), 10)
	}
	return append(b, '}')
}

// appendOutcomesJSON appends a JSON object rule ID → outcome, in map
// order (it is only read back by SQLite's json_each). An outcome that is
// none of listing's four is an error, as the outcome column's CHECK would
// make it.
func appendOutcomesJSON(b []byte, outcomes map[string]listing.Outcome) ([]byte, error) {
	b = append(b, '{')
	for rule, o := range outcomes {
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = appendJSONString(b, rule)
		switch o {
		case listing.OutcomePass:
			b = append(b, `:"pass"`...)
		case listing.OutcomeFail:
			b = append(b, `:"fail"`...)
		case listing.OutcomeNotApplicable:
			b = append(b, `:"not-applicable"`...)
		case listing.OutcomeCouldNotCheck:
			b = append(b, `:"could-not-check"`...)
		default:
			return b, fmt.Errorf("rule %s: unknown outcome %q", rule, o)
		}
	}
	return append(b, '}'), nil
}

// jsonArray returns the JSON array of ss, for json_each.
func jsonArray(ss []string) string {
	b := make([]byte, 0, 16*len(ss)+2)
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return string(append(b, ']'))
}

func appendFeeJSON(b []byte, f listing.Fee) []byte {
	b = append(b, `{"first":`...)
	b = strconv.AppendInt(b, int64(f.First), 10)
	b = append(b, `,"additional":`...)
	b = strconv.AppendInt(b, int64(f.Additional), 10)
	return append(b, '}')
}

func appendRegionsJSON(b []byte, rs []listing.Region) []byte {
	b = append(b, '[')
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, string(r))
	}
	return append(b, ']')
}

// appendSep appends the comma before an object member unless the object
// is still empty.
func appendSep(b []byte) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	return b
}

// appendStringField appends an omitempty string member; name is its
// `,"key":` prefix.
func appendStringField(b []byte, name, s string) []byte {
	if s == "" {
		return b
	}
	b = append(b, name...)
	return appendJSONString(b, s)
}

// appendIntField appends an omitempty number member.
func appendIntField(b []byte, name string, n int64) []byte {
	if n == 0 {
		return b
	}
	b = append(b, name...)
	return strconv.AppendInt(b, n, 10)
}

// appendBoolField appends an omitempty boolean member.
func appendBoolField(b []byte, name string, v bool) []byte {
	if !v {
		return b
	}
	b = append(b, name...)
	return append(b, "true"...)
}

// appendJSONString appends s as a JSON string the way encoding/json does:
// <, > and & escaped for HTML, invalid UTF-8 replaced by U+FFFD, U+2028
// and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	if !utf8.ValidString(s) {
		return appendInvalidJSONString(b, s)
	}
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	// In valid UTF-8 only ASCII bytes and the lead byte 0xE2 of U+2028
	// and U+2029 (E2 80 A8, E2 80 A9) can need escaping.
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != 0xE2:
			continue
		case c == 0xE2:
			if i+2 >= len(s) || s[i+1] != 0x80 || (s[i+2] != 0xA8 && s[i+2] != 0xA9) {
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[s[i+2]&0xF])
			i += 2
		default:
			b = append(b, s[start:i]...)
			b = appendJSONEscape(b, c)
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONEscape appends the escape of an ASCII byte.
func appendJSONEscape(b []byte, c byte) []byte {
	const hex = "0123456789abcdef"
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
}

// appendInvalidJSONString is appendJSONString for s that is not valid
// UTF-8, decoding it rune by rune.
func appendInvalidJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendJSONEscape(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
