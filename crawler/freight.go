package crawler

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/xundian/xundian/listing"
)

// ParseFreightJSON reads a freight-template JSON document through the gjson
// paths in m (empty paths take DefaultFreightMapping's). Amounts are yuan,
// as strings or numbers; areas are names or codes resolveRegionName reads
// (新疆维吾尔自治区, 西藏地区, CN-XJ, Taobao's area ID 650000). A document
// without a default first-item fee is an error: a template read as "free
// by default" would hide every freight violation. So is a fee row naming
// an area that cannot be resolved: dropping it would leave the area under
// the default fee. Unknown areas of a free condition or of the
// undeliverable list are skipped (that never makes an area free).
func ParseFreightJSON(data []byte, m FreightMapping) (*listing.FreightTemplate, error) {
	if !gjson.ValidBytes(data) {
		return nil, errors.New("freight json: invalid JSON")
	}
	m = m.withDefaults()
	doc := gjson.ParseBytes(data)
	t := &listing.FreightTemplate{
		ID:   doc.Get(m.ID).String(),
		Name: doc.Get(m.Name).String(),
	}
	first := doc.Get(m.DefaultFirst)
	if !first.Exists() {
		return nil, fmt.Errorf("freight json: no default first fee at %q", m.DefaultFirst)
	}
	var err error
	if t.Default.First, err = gjsonMoney(first); err != nil {
		return nil, fmt.Errorf("freight json: %s: %w", m.DefaultFirst, err)
	}
	if add := doc.Get(m.DefaultAdditional); add.Exists() {
		if t.Default.Additional, err = gjsonMoney(add); err != nil {
			return nil, fmt.Errorf("freight json: %s: %w", m.DefaultAdditional, err)
		}
	}
	for i, r := range doc.Get(m.Regions).Array() {
		regions, unknown := gjsonRegions(r.Get(m.RegionAreas))
		if len(unknown) > 0 {
			return nil, fmt.Errorf("freight json: %s[%d].%s: unknown region %q: its fee cannot be placed", m.Regions, i, m.RegionAreas, abbreviate(unknown[0]))
		}
		if len(regions) == 0 {
			continue // no areas, or only places outside every region (海外)
		}
		var fee listing.Fee
		if fee.First, err = gjsonMoney(r.Get(m.RegionFirst)); err != nil {
			return nil, fmt.Errorf("freight json: %s[%d].%s: %w", m.Regions, i, m.RegionFirst, err)
		}
		if add := r.Get(m.RegionAdditional); add.Exists() {
			if fee.Additional, err = gjsonMoney(add); err != nil {
				return nil, fmt.Errorf("freight json: %s[%d].%s: %w", m.Regions, i, m.RegionAdditional, err)
			}
		}
		t.Regions = append(t.Regions, listing.RegionFee{Regions: regions, Fee: fee})
	}
	for i, c := range doc.Get(m.FreeConditions).Array() {
		areas := c.Get(m.FreeAreas)
		regions, _ := gjsonRegions(areas)
		fc := listing.FreeCondition{Regions: regions}
		if len(fc.Regions) == 0 && len(areas.Array()) > 0 && areas.Array()[0].String() != "" {
			continue // every area unknown or abroad: do not widen it to "all regions"
		}
		if a := c.Get(m.FreeMinAmount); a.Exists() && a.String() != "" {
			if fc.MinAmount, err = gjsonMoney(a); err != nil {
				return nil, fmt.Errorf("freight json: %s[%d].%s: %w", m.FreeConditions, i, m.FreeMinAmount, err)
			}
		}
		if q := c.Get(m.FreeMinQuantity); q.Exists() {
			fc.MinQuantity = int(q.Int())
		}
		t.FreeConditions = append(t.FreeConditions, fc)
	}
	t.Undeliverable, _ = gjsonRegions(doc.Get(m.Undeliverable))
	return t, nil
}

func (m FreightMapping) withDefaults() FreightMapping {
	d := DefaultFreightMapping
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	return FreightMapping{
		ID: pick(m.ID, d.ID), Name: pick(m.Name, d.Name),
		DefaultFirst: pick(m.DefaultFirst, d.DefaultFirst), DefaultAdditional: pick(m.DefaultAdditional, d.DefaultAdditional),
		Regions: pick(m.Regions, d.Regions), RegionAreas: pick(m.RegionAreas, d.RegionAreas),
		RegionFirst: pick(m.RegionFirst, d.RegionFirst), RegionAdditional: pick(m.RegionAdditional, d.RegionAdditional),
		FreeConditions: pick(m.FreeConditions, d.FreeConditions), FreeAreas: pick(m.FreeAreas, d.FreeAreas),
		FreeMinAmount: pick(m.FreeMinAmount, d.FreeMinAmount), FreeMinQuantity: pick(m.FreeMinQuantity, d.FreeMinQuantity),
		Undeliverable: pick(m.Undeliverable, d.Undeliverable),
	}
}

func gjsonMoney(r gjson.Result) (listing.Money, error) {
	switch r.Type {
	case gjson.Number:
		if m, ok := parsePrice(r.Raw); ok {
			return m, nil
		}
	case gjson.String:
		if strings.TrimSpace(r.Str) == "" {
			return 0, errors.New("empty amount")
		}
		if m, ok := parsePrice(r.Str); ok {
			return m, nil
		}
	}
	return 0, fmt.Errorf("not an amount: %s", abbreviate(r.Raw))
}

// gjsonRegions reads an array of names, or one string of names separated
// by commas, 、 or spaces, and resolves them (see resolveRegionNames).
func gjsonRegions(r gjson.Result) (regions []listing.Region, unknown []string) {
	var names []string
	if r.IsArray() {
		for _, x := range r.Array() {
			names = append(names, x.String())
		}
	} else if r.Exists() {
		names = strings.FieldsFunc(r.String(), func(c rune) bool {
			return c == ',' || c == '，' || c == '、' || c == ' ' || c == ';'
		})
	}
	return resolveRegionNames(names)
}

// resolveRegionNames resolves each name (resolveRegionName) into one list
// without duplicates; names it cannot resolve are returned in unknown.
// Empty names are ignored.
func resolveRegionNames(names []string) (regions []listing.Region, unknown []string) {
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		rs, ok := resolveRegionName(n)
		if !ok {
			unknown = append(unknown, n)
			continue
		}
		for _, r := range rs {
			if !containsRegion(regions, r) {
				regions = append(regions, r)
			}
		}
	}
	return regions, unknown
}

func containsRegion(rs []listing.Region, r listing.Region) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// freightFromShipping turns schema.org OfferShippingDetails into a
// template: a destination in China without addressRegion is the default
// fee, addressRegion lists are region overrides, doesNotShip marks
// regions undeliverable and freeShippingThreshold adds a FreeCondition.
// Details for other countries (Hong Kong, Macau and Taiwan included) are
// ignored, unless no detail names China: then a whole other country's
// rate is the default, as for a shop that ships from abroad. It also
// returns the first handlingTime in hours. The template is nil when no
// default fee is given (other regions' fees would be unknown), and when a
// destination in China cannot be placed (an unknown region or country
// name, postal codes): dropping that row would make its regions read as
// free. Callers then try the next freight source.
func freightFromShipping(idx refIndex, details []jv) (*listing.FreightTemplate, int, bool) {
	t := &listing.FreightTemplate{}
	haveDefault := false
	hours, hasHours := 0, false
	dests := make([]shipDestination, len(details))
	china := false
	for i, d := range details {
		if !hasHours {
			hours, hasHours = handlingHoursOf(idx, d)
		}
		dests[i] = shippingDestinations(idx, d)
		if dests[i].unresolved {
			return nil, hours, hasHours
		}
		china = china || dests[i].china || len(dests[i].regions) > 0
	}
	for i, d := range details {
		dest := dests[i]
		everywhere := dest.china || !china && dest.abroad
		regions := dest.regions
		if !everywhere && len(regions) == 0 {
			continue // destinations outside the regions: nothing to model
		}
		if truthy(d.get("doesNotShip")) {
			for _, r := range regions {
				if !containsRegion(t.Undeliverable, r) {
					t.Undeliverable = append(t.Undeliverable, r)
				}
			}
			continue
		}
		rate, hasRate := shippingRate(idx, d)
		if hasRate {
			if everywhere {
				if !haveDefault {
					t.Default = listing.Fee{First: rate}
					haveDefault = true
				}
			} else {
				t.Regions = append(t.Regions, listing.RegionFee{Regions: regions, Fee: listing.Fee{First: rate}})
			}
		}
		for th := range idx.objs(d, "freeShippingThreshold") {
			v, ok := money(firstPresent(th, "value", "price", "minValue", "maxValue"))
			if !ok {
				continue
			}
			fc := listing.FreeCondition{MinAmount: v}
			if !everywhere {
				fc.Regions = regions
			}
			t.FreeConditions = append(t.FreeConditions, fc)
		}
	}
	if !haveDefault {
		return nil, hours, hasHours
	}
	return t, hours, hasHours
}

// shipDestination is what the shippingDestination values of one
// OfferShippingDetails cover.
type shipDestination struct {
	// china: a destination is all of China (addressCountry CN or none, no
	// addressRegion), or no destination is given.
	china bool
	// abroad: a destination is a whole other country (or Hong Kong, Macau
	// or Taiwan).
	abroad bool
	// regions named by destinations in China.
	regions []listing.Region
	// unresolved: a destination names what cannot be placed (an unknown
	// region in China, an unknown country, postal codes in China).
	unresolved bool
}

// destinationLimits are DefinedRegion properties that narrow a
// destination to places no Region stands for.
var destinationLimits = [...]string{"postalCode", "postalCodePrefix", "postalCodeRange"}

// shippingDestinations reads d's shippingDestination values: DefinedRegion
// objects (addressCountry, addressRegion as names or ISO 3166-2 codes with
// or without "CN-") or plain strings (a region or a country).
func shippingDestinations(idx refIndex, d jv) shipDestination {
	var sd shipDestination
	add := func(rs []listing.Region) {
		for _, r := range rs {
			if !containsRegion(sd.regions, r) {
				sd.regions = append(sd.regions, r)
			}
		}
	}
	given := false
	for v := range d.get("shippingDestination").items() {
		v = idx.deref(v)
		if !v.isObject() {
			s := str(v)
			if s == "" {
				continue
			}
			given = true
			if rs, ok := resolveRegionName(s); ok {
				add(rs)
				continue
			}
			switch classifyCountry(s) {
			case countryChina:
				sd.china = true
			case countryOther:
				sd.abroad = true
			default:
				sd.unresolved = true
			}
			continue
		}
		given = true
		country := classifyCountry(str(idx.get(v, "addressCountry")))
		if country == countryUnknown {
			sd.unresolved = true
			continue
		}
		var buf [8]string
		names := buf[:0]
		for r := range v.get("addressRegion").items() {
			if n := str(r); n != "" {
				names = append(names, n)
			}
		}
		limited := false
		for _, k := range destinationLimits {
			limited = limited || v.get(k).present()
		}
		switch {
		case country == countryOther:
			sd.abroad = sd.abroad || len(names) == 0 && !limited
		case limited:
			sd.unresolved = true // part of China by postal code
		case len(names) == 0:
			sd.china = true
		default:
			rs, unknown := resolveRegionNames(names)
			sd.unresolved = sd.unresolved || len(unknown) > 0
			add(rs)
		}
	}
	if !given {
		sd.china = true
	}
	return sd
}

func firstPresent(m jv, keys ...string) jv {
	for _, k := range keys {
		if v := m.get(k); v.present() {
			return v
		}
	}
	return jv{}
}

func shippingRate(idx refIndex, d jv) (listing.Money, bool) {
	for r := range idx.get(d, "shippingRate").items() {
		r = idx.deref(r)
		if r.isObject() {
			if v, ok := money(firstPresent(r, "value", "maxValue", "price", "minValue")); ok {
				return v, true
			}
			continue
		}
		if v, ok := money(r); ok {
			return v, true
		}
	}
	return 0, false
}

// handlingHoursOf reads deliveryTime.handlingTime: maxValue (else value,
// else minValue) in days (DAY, d, the default) or hours (HUR, h).
func handlingHoursOf(idx refIndex, d jv) (int, bool) {
	dt := idx.get(d, "deliveryTime")
	if !dt.isObject() {
		return 0, false
	}
	ht := idx.get(dt, "handlingTime")
	if !ht.isObject() {
		return 0, false
	}
	v := str(firstPresent(ht, "maxValue", "value", "minValue"))
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 1e6 {
		return 0, false
	}
	switch strings.ToUpper(str(ht.get("unitCode"))) {
	case "HUR", "H", "HOUR", "HOURS":
		return int(f + 0.5), true
	case "MIN":
		return int(f/60 + 0.999), true
	}
	return int(f*24 + 0.5), true
}

// abbreviate cuts s to about 40 bytes, at a character boundary.
func abbreviate(s string) string {
	if len(s) <= 40 {
		return s
	}
	i := 40
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
