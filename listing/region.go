package listing

import "strings"

// Region is one of the 31 mainland provincial-level divisions, named by its
// common short name ("新疆", "内蒙古", "广东"). Hong Kong, Macau and Taiwan
// are not mainland regions: a fee charged there does not break a mainland
// 包邮 claim.
type Region string

// MainlandRegions returns the 31 mainland regions in the usual
// administrative order. The slice is new on every call.
func MainlandRegions() []Region {
	return []Region{
		"北京", "天津", "河北", "山西", "内蒙古",
		"辽宁", "吉林", "黑龙江",
		"上海", "江苏", "浙江", "安徽", "福建", "江西", "山东",
		"河南", "湖北", "湖南", "广东", "广西", "海南",
		"重庆", "四川", "贵州", "云南", "西藏",
		"陕西", "甘肃", "青海", "宁夏", "新疆",
	}
}

// OtherRegions returns the non-mainland regions a freight template may name.
func OtherRegions() []Region { return []Region{"香港", "澳门", "台湾"} }

// IsMainland reports whether r is one of MainlandRegions.
func (r Region) IsMainland() bool {
	for _, m := range MainlandRegions() {
		if m == r {
			return true
		}
	}
	return false
}

// regionSuffixes are stripped from full names, longest first.
var regionSuffixes = []string{
	"维吾尔自治区", "維吾爾自治區", "壮族自治区", "壯族自治區", "回族自治区", "回族自治區",
	"特别行政区", "特別行政區", "自治区", "自治區", "省", "市",
}

// regionVariants maps traditional and alternative spellings to the short
// simplified name.
var regionVariants = map[string]Region{
	"內蒙古": "内蒙古", "遼寧": "辽宁", "黑龍江": "黑龙江", "江蘇": "江苏", "廣東": "广东",
	"廣西": "广西", "貴州": "贵州", "雲南": "云南", "陝西": "陕西", "甘肅": "甘肃",
	"寧夏": "宁夏", "臺灣": "台湾", "台灣": "台湾", "澳門": "澳门", "重慶": "重庆",
	"河北": "河北", "湖北": "湖北", "內蒙": "内蒙古", "内蒙": "内蒙古",
}

// ParseRegion maps a province name in full (新疆维吾尔自治区), short (新疆),
// or traditional (內蒙古, 廣東省) form to its Region. It reports false for
// anything that is not a mainland or HK/Macau/Taiwan region.
func ParseRegion(name string) (Region, bool) {
	s := strings.TrimSpace(name)
	for _, suf := range regionSuffixes {
		if t, ok := strings.CutSuffix(s, suf); ok && t != "" {
			s = t
			break
		}
	}
	if r, ok := regionVariants[s]; ok {
		return r, true
	}
	r := Region(s)
	if r.IsMainland() {
		return r, true
	}
	for _, o := range OtherRegions() {
		if o == r {
			return r, true
		}
	}
	return "", false
}
