package store

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/xundian/xundian/listing"
)

// The JSON a snapshot stores is encoded by github.com/goccy/go-json, which
// writes what encoding/json writes for the same value (fields in
// declaration order under their tag names, omitempty, HTML-safe string
// escaping, invalid UTF-8 replaced, map keys sorted, time.Time in RFC 3339)
// at less cost: SaveResults encodes every listing it saves. Snapshots are
// read back with encoding/json and SQLite's JSON functions, and must not
// change shape, so snapshotjson_test.go compares the two encoders on
// listings with every field set by reflection.

// freightSummary is the freight column of a snapshot: enough to see a
// template change between runs without decoding the whole listing.
// Charged is what each charged mainland region pays for one item at the
// lowest payable price, in fen.
type freightSummary struct {
	ID            string                           `json:"id,omitempty"`
	Name          string                           `json:"name,omitempty"`
	Default       listing.Fee                      `json:"default"`
	Charged       map[listing.Region]listing.Money `json:"charged,omitempty"`
	Undeliverable []listing.Region                 `json:"undeliverable,omitempty"`
}

// snapshotEncoder encodes the JSON columns of snapshots into one buffer,
// and the maps of two of them into maps, reused from listing to listing:
// a column costs little more than its string. The zero value is ready to
// use; it is not safe for concurrent use.
type snapshotEncoder struct {
	buf       bytes.Buffer
	enc       *gojson.Encoder
	skuPrices map[string]listing.Money
	freight   freightSummary
}

// encode returns the JSON of v.
func (e *snapshotEncoder) encode(v any) (string, error) {
	if e.enc == nil {
		e.enc = gojson.NewEncoder(&e.buf)
	}
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return "", err
	}
	b := e.buf.Bytes()
	return string(b[:len(b)-1]), nil // less the newline Encode ends with
}

// listing returns the JSON of l with FetchedAt set to at.
func (e *snapshotEncoder) listing(l *listing.Listing, at time.Time) (string, error) {
	if l.FetchedAt != at {
		c := *l
		c.FetchedAt = at
		l = &c
	}
	return e.encode(l)
}

// skuPricesJSON returns the sku_prices column of a snapshot, the JSON of a
// map from each SKU's ID (its name when it has none, "#n" for the nth SKU
// when it has neither) to its list price: the last SKU of a key wins.
func (e *snapshotEncoder) skuPricesJSON(skus []listing.SKU) (string, error) {
	if e.skuPrices == nil {
		e.skuPrices = make(map[string]listing.Money)
	}
	clear(e.skuPrices)
	for i, s := range skus {
		key := s.ID
		if key == "" {
			key = s.Name
		}
		if key == "" {
			key = "#" + strconv.Itoa(i+1)
		}
		e.skuPrices[key] = s.Price
	}
	return e.encode(e.skuPrices)
}

// freightJSON returns the freight column of a snapshot of a listing with
// template t, charged being t.Charged at its lowest payable price: the
// last charge of a region wins.
func (e *snapshotEncoder) freightJSON(t *listing.FreightTemplate, charged []listing.Charge) (string, error) {
	fs := &e.freight
	if fs.Charged == nil {
		fs.Charged = make(map[listing.Region]listing.Money)
	}
	clear(fs.Charged) // an empty map is omitted like a nil one
	fs.ID, fs.Name, fs.Default, fs.Undeliverable = t.ID, t.Name, t.Default, t.Undeliverable
	for _, c := range charged {
		fs.Charged[c.Region] = c.Fee
	}
	js, err := e.encode(fs)
	fs.Undeliverable = nil // keep no reference to the listing
	return js, err
}

// checkOutcomes refuses an outcome that is none of listing's four, as the
// outcome column's CHECK would.
func checkOutcomes(outcomes map[string]listing.Outcome) error {
	for rule, o := range outcomes {
		switch o {
		case listing.OutcomePass, listing.OutcomeFail, listing.OutcomeNotApplicable, listing.OutcomeCouldNotCheck:
		default:
			return fmt.Errorf("rule %s: unknown outcome %q", rule, o)
		}
	}
	return nil
}

// jsonArray returns the JSON array of ss, for json_each: [] for none.
func jsonArray(ss []string) string {
	if len(ss) == 0 {
		return "[]"
	}
	js, _ := gojson.Marshal(ss) // a []string always encodes
	return string(js)
}
