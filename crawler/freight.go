package crawler

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/xundian/xundian/listing"
)

// ParseFreightJSON reads a freight-template JSON document through the gjson
// paths in m (empty paths take DefaultFreightMapping's). Amounts are yuan,
// as strings or numbers; area names may be full (新疆维吾尔自治区), short or
// traditional, and unknown names are skipped. A document without a default
// first-item fee is an error: a template read as "free by default" would
// hide every freight violation.
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
		regions := gjsonRegions(r.Get(m.RegionAreas))
		if len(regions) == 0 {
			continue
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
		fc := listing.FreeCondition{Regions: gjsonRegions(areas)}
		if len(fc.Regions) == 0 && len(areas.Array()) > 0 && areas.Array()[0].String() != "" {
			continue // every area unknown: do not widen it to "all regions"
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
	t.Undeliverable = gjsonRegions(doc.Get(m.Undeliverable))
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
// by commas, 、 or spaces.
func gjsonRegions(r gjson.Result) []listing.Region {
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
	var out []listing.Region
	for _, n := range names {
		if reg, ok := parseRegionName(n); ok && !containsRegion(out, reg) {
			out = append(out, reg)
		}
	}
	return out
}

func containsRegion(rs []listing.Region, r listing.Region) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// isoRegions maps ISO 3166-2:CN subdivision codes (as used in schema.org
// addressRegion) to regions.
var isoRegions = map[string]listing.Region{
	"BJ": "北京", "TJ": "天津", "HE": "河北", "SX": "山西", "NM": "内蒙古", "LN": "辽宁", "JL": "吉林",
	"HL": "黑龙江", "SH": "上海", "JS": "江苏", "ZJ": "浙江", "AH": "安徽", "FJ": "福建", "JX": "江西",
	"SD": "山东", "HA": "河南", "HB": "湖北", "HN": "湖南", "GD": "广东", "GX": "广西", "HI": "海南",
	"CQ": "重庆", "SC": "四川", "GZ": "贵州", "YN": "云南", "XZ": "西藏", "SN": "陕西", "GS": "甘肃",
	"QH": "青海", "NX": "宁夏", "XJ": "新疆", "TW": "台湾", "HK": "香港", "MO": "澳门",
}

// parseRegionName is listing.ParseRegion plus "CN-XJ" style codes.
func parseRegionName(s string) (listing.Region, bool) {
	s = strings.TrimSpace(s)
	if code, ok := strings.CutPrefix(strings.ToUpper(s), "CN-"); ok {
		r, ok := isoRegions[code]
		return r, ok
	}
	return listing.ParseRegion(s)
}

// freightFromShipping turns schema.org OfferShippingDetails into a
// template: a destination without addressRegion is the default fee,
// addressRegion lists are region overrides, doesNotShip marks regions
// undeliverable and freeShippingThreshold adds a FreeCondition. It also
// returns the first handlingTime in hours. The template is nil when no
// default fee is given (other regions' fees would be unknown).
func freightFromShipping(idx refIndex, details []jv) (*listing.FreightTemplate, int, bool) {
	t := &listing.FreightTemplate{}
	haveDefault := false
	hours, hasHours := 0, false
	for _, d := range details {
		if !hasHours {
			hours, hasHours = handlingHoursOf(idx, d)
		}
		var regions []listing.Region
		hasRegionField := false
		for dest := range idx.objs(d, "shippingDestination") {
			for r := range dest.get("addressRegion").items() {
				hasRegionField = true
				if reg, ok := parseRegionName(str(r)); ok {
					if !containsRegion(regions, reg) {
						// A region can alias parser memory; see ownStr.
						regions = append(regions, listing.Region(strings.Clone(string(reg))))
					}
				}
			}
		}
		if hasRegionField && len(regions) == 0 {
			continue // regions outside China: nothing to model
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
			if !hasRegionField {
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
			if hasRegionField {
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

func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
