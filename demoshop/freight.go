package demoshop

import (
	"encoding/json"
	"math/rand/v2"

	"github.com/xundian/xundian/listing"
)

// fee is a first-item and additional-item fee.
type fee struct{ first, add listing.Money }

// regionRule overrides the default fee for some areas (display names).
type regionRule struct {
	areas []string
	fee   fee
}

// freeRule makes shipping free for some areas (none = all) from an amount
// or a quantity.
type freeRule struct {
	areas     []string
	minAmount listing.Money
	minQty    int
}

// freightTpl is a listing's freight template as the generator holds it.
// Layout A states it as JSON-LD shippingDetails, which cannot express
// quantity conditions, additional-item fees or region-restricted
// thresholds: the builders below never give a layout A listing those.
type freightTpl struct {
	id, name      string
	def           fee
	regions       []regionRule
	free          []freeRule
	undeliverable []string
}

// Remote regions: the config's 偏远地区 group.
var remoteGroup = []string{"新疆", "西藏", "内蒙古", "青海", "宁夏", "甘肃"}

// regionSpellings are the names a legacy freight JSON may use.
var regionSpellings = map[string][]string{
	"新疆":  {"新疆维吾尔自治区", "新疆"},
	"西藏":  {"西藏自治区", "西藏"},
	"内蒙古": {"内蒙古自治区", "内蒙古", "內蒙古"},
	"青海":  {"青海省", "青海"},
	"宁夏":  {"宁夏回族自治区", "宁夏", "寧夏"},
	"甘肃":  {"甘肃省", "甘肃", "甘肅"},
	"海南":  {"海南省", "海南"},
	"广西":  {"广西壮族自治区", "广西", "廣西"},
	"云南":  {"云南省", "云南", "雲南"},
	"江苏":  {"江苏省", "江苏", "江蘇"},
	"浙江":  {"浙江省", "浙江"},
	"上海":  {"上海市", "上海"},
	"北京":  {"北京市", "北京"},
	"天津":  {"天津市", "天津"},
	"河北":  {"河北省", "河北"},
	"安徽":  {"安徽省", "安徽"},
	"台湾":  {"台湾", "台灣", "臺灣"},
	"香港":  {"香港特别行政区", "香港"},
	"澳门":  {"澳门", "澳門"},
}

// names spells regions for the listing's layout: short names in JSON-LD,
// a random spelling in legacy freight JSON.
func names(r *rand.Rand, it *item, regions ...string) []string {
	out := make([]string, len(regions))
	for i, g := range regions {
		out[i] = g
		if sp := regionSpellings[g]; it.layout == layoutLegacy && len(sp) > 0 {
			out[i] = pick(r, sp)
		}
	}
	return out
}

// yuan converts whole yuan to Money.
func yuan(y int) listing.Money { return listing.Money(y * 100) }

// chargedFee returns a realistic non-zero fee; layout A has no additional fee.
func chargedFee(r *rand.Rand, it *item, first listing.Money) fee {
	f := fee{first: first}
	if it.layout == layoutLegacy && first >= 100 {
		f.add = first / 2
	}
	return f
}

// undeliverable sometimes adds Taiwan or Hong Kong as not delivered.
func (t *freightTpl) maybeUndeliverable(r *rand.Rand, it *item) {
	switch r.IntN(5) {
	case 0:
		t.undeliverable = names(r, it, "台湾")
	case 1:
		t.undeliverable = names(r, it, "台湾", "香港")
	}
}

// newTemplate starts a template with the listing's ID and a neutral name.
func newTemplate(r *rand.Rand, it *item) freightTpl {
	t := freightTpl{}
	if it.layout == layoutLegacy {
		t.id = "T" + itemID(it.id)
		t.name = pick(r, []string{"默认模板", "标准快递", "服饰家纺运费"})
	}
	return t
}

// tplFree ships everywhere for nothing (HK/Macau/Taiwan may cost or be
// undeliverable: not mainland).
func tplFree(r *rand.Rand, it *item) freightTpl {
	t := newTemplate(r, it)
	t.maybeUndeliverable(r, it)
	if it.layout == layoutLegacy && len(t.undeliverable) == 0 && r.IntN(2) == 0 {
		t.regions = []regionRule{{names(r, it, "香港", "澳门"), chargedFee(r, it, yuan(30))}}
	}
	return t
}

// tplCharged charges the given regions first (default free).
func tplCharged(r *rand.Rand, it *item, first listing.Money, regions ...string) freightTpl {
	t := newTemplate(r, it)
	t.regions = []regionRule{{names(r, it, regions...), chargedFee(r, it, first)}}
	t.maybeUndeliverable(r, it)
	return t
}

// tplFlat charges a default fee everywhere, remote regions maybe more.
func tplFlat(r *rand.Rand, it *item, first listing.Money) freightTpl {
	t := newTemplate(r, it)
	t.def = chargedFee(r, it, first)
	if r.IntN(2) == 0 {
		t.regions = []regionRule{{names(r, it, "新疆", "西藏"), chargedFee(r, it, first+yuan(10))}}
	}
	t.maybeUndeliverable(r, it)
	return t
}

// tplThreshold charges a default fee and ships free everywhere from min.
func tplThreshold(r *rand.Rand, it *item, first, min listing.Money) freightTpl {
	t := newTemplate(r, it)
	t.def = chargedFee(r, it, first)
	if it.layout == layoutLegacy && r.IntN(2) == 0 {
		t.regions = []regionRule{{names(r, it, "新疆", "西藏"), chargedFee(r, it, first+yuan(10))}}
	}
	t.free = []freeRule{{minAmount: min}}
	t.maybeUndeliverable(r, it)
	return t
}

// tplQuantity (legacy only) charges a default fee and ships free everywhere
// from qty items.
func tplQuantity(r *rand.Rand, it *item, first listing.Money, qty int) freightTpl {
	t := newTemplate(r, it)
	t.def = chargedFee(r, it, first)
	t.free = []freeRule{{minQty: qty}}
	t.maybeUndeliverable(r, it)
	return t
}

// tplOnlyFree charges a default fee except in the given regions, which ship
// free (江浙沪 0).
func tplOnlyFree(r *rand.Rand, it *item, first listing.Money, regions ...string) freightTpl {
	t := newTemplate(r, it)
	t.def = chargedFee(r, it, first)
	t.regions = []regionRule{{names(r, it, regions...), fee{}}}
	t.maybeUndeliverable(r, it)
	return t
}

// smallFee picks an ordinary shipping fee.
func smallFee(r *rand.Rand) listing.Money {
	return yuan(pick(r, []int{5, 6, 8, 10, 12}))
}

// neutralFreight is the template of a listing that makes no shipping claim.
func neutralFreight(r *rand.Rand, it *item) freightTpl {
	switch r.IntN(4) {
	case 0:
		return tplFree(r, it)
	case 1:
		return tplCharged(r, it, yuan(pick(r, []int{10, 15, 20})), "新疆", "西藏")
	case 2:
		return tplFlat(r, it, smallFee(r))
	default:
		return tplThreshold(r, it, smallFee(r), yuan(pick(r, []int{59, 99, 199})))
	}
}

// parseRegions maps display names to regions.
func parseRegions(areas []string) []listing.Region {
	var out []listing.Region
	for _, a := range areas {
		if g, ok := listing.ParseRegion(a); ok {
			out = append(out, g)
		}
	}
	return out
}

// template returns the template as the domain type, as the page for
// layout l states it.
func (t freightTpl) template(l layout) listing.FreightTemplate {
	ft := listing.FreightTemplate{
		ID:            t.id,
		Name:          t.name,
		Default:       listing.Fee{First: t.def.first, Additional: t.def.add},
		Undeliverable: parseRegions(t.undeliverable),
	}
	for _, rr := range t.regions {
		ft.Regions = append(ft.Regions, listing.RegionFee{
			Regions: parseRegions(rr.areas),
			Fee:     listing.Fee{First: rr.fee.first, Additional: rr.fee.add},
		})
	}
	for _, f := range t.free {
		ft.FreeConditions = append(ft.FreeConditions, listing.FreeCondition{
			Regions: parseRegions(f.areas), MinAmount: f.minAmount, MinQuantity: f.minQty,
		})
	}
	return ft
}

// freightJSON is the legacy freight document (DESIGN.md "Freight JSON").
type freightJSON struct {
	TemplateID     string         `json:"template_id"`
	Name           string         `json:"name"`
	Default        feeJSON        `json:"default"`
	Regions        []regionJSON   `json:"regions"`
	FreeConditions []freeCondJSON `json:"free_conditions"`
	Undeliverable  []string       `json:"undeliverable"`
}

type feeJSON struct {
	First      string `json:"first"`
	Additional string `json:"additional"`
}

type regionJSON struct {
	Areas      []string `json:"areas"`
	First      string   `json:"first"`
	Additional string   `json:"additional"`
}

type freeCondJSON struct {
	Areas       []string `json:"areas"`
	MinAmount   string   `json:"min_amount"`
	MinQuantity int      `json:"min_quantity"`
}

// json renders the legacy freight JSON.
func (t freightTpl) json() []byte {
	doc := freightJSON{
		TemplateID:     t.id,
		Name:           t.name,
		Default:        feeJSON{t.def.first.String(), t.def.add.String()},
		Regions:        []regionJSON{},
		FreeConditions: []freeCondJSON{},
		Undeliverable:  append([]string{}, t.undeliverable...),
	}
	for _, rr := range t.regions {
		doc.Regions = append(doc.Regions, regionJSON{rr.areas, rr.fee.first.String(), rr.fee.add.String()})
	}
	for _, f := range t.free {
		doc.FreeConditions = append(doc.FreeConditions, freeCondJSON{append([]string{}, f.areas...), f.minAmount.String(), f.minQty})
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // plain strings and ints cannot fail
	}
	return append(b, '\n')
}
