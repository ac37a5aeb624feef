package crawler

import (
	"strings"
	"unicode"

	"github.com/xundian/xundian/listing"
)

// Freight sources name regions in many ways. A fee row is only as good
// as its region names: a name this file cannot resolve must not be
// dropped, or the regions it names fall under the default fee (often
// zero) and a 全国包邮 claim passes although they are charged. Callers
// therefore get unknown names back and treat the template as unreadable.

// allRegions are the mainland regions and Hong Kong, Macau and Taiwan,
// for regionSlice. Never written.
var allRegions = append(listing.MainlandRegions(), listing.OtherRegions()...)

// regionSlice returns r as a one-element slice of allRegions: no
// allocation, and no aliasing of the text r was parsed from (which can be
// a JSON parser's memory, see ownStr). Its capacity is one, so appending
// to it copies.
func regionSlice(r listing.Region) []listing.Region {
	for i := range allRegions {
		if allRegions[i] == r {
			return allRegions[i : i+1 : i+1]
		}
	}
	return []listing.Region{listing.Region(strings.Clone(string(r)))}
}

// isoRegions maps ISO 3166-2:CN subdivision codes (without the "CN-"
// prefix) to regions.
var isoRegions = map[string]listing.Region{
	"BJ": "北京", "TJ": "天津", "HE": "河北", "SX": "山西", "NM": "内蒙古", "LN": "辽宁", "JL": "吉林",
	"HL": "黑龙江", "SH": "上海", "JS": "江苏", "ZJ": "浙江", "AH": "安徽", "FJ": "福建", "JX": "江西",
	"SD": "山东", "HA": "河南", "HB": "湖北", "HN": "湖南", "GD": "广东", "GX": "广西", "HI": "海南",
	"CQ": "重庆", "SC": "四川", "GZ": "贵州", "YN": "云南", "XZ": "西藏", "SN": "陕西", "GS": "甘肃",
	"QH": "青海", "NX": "宁夏", "XJ": "新疆", "TW": "台湾", "HK": "香港", "MO": "澳门",
}

// provinceCodes maps the first two digits of GB/T 2260 province-level
// division codes (650000 新疆, as Taobao writes area IDs) to regions.
// ISO 3166-2:CN used the same two digits before 2017 (CN-65), except for
// Hong Kong and Macau (CN-91, CN-92; see isoNumericRegion).
var provinceCodes = map[string]listing.Region{
	"11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
	"21": "辽宁", "22": "吉林", "23": "黑龙江",
	"31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
	"41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
	"50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
	"61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
	"71": "台湾", "81": "香港", "82": "澳门",
}

// latinRegions maps pinyin and English region names, lower case without
// spaces, hyphens or apostrophes, to regions. Shanxi is 山西 and Shaanxi
// 陕西, as in the official romanization.
var latinRegions = map[string]listing.Region{
	"beijing": "北京", "tianjin": "天津", "hebei": "河北", "shanxi": "山西",
	"neimenggu": "内蒙古", "neimongol": "内蒙古", "innermongolia": "内蒙古",
	"liaoning": "辽宁", "jilin": "吉林", "heilongjiang": "黑龙江",
	"shanghai": "上海", "jiangsu": "江苏", "zhejiang": "浙江", "anhui": "安徽", "fujian": "福建",
	"jiangxi": "江西", "shandong": "山东", "henan": "河南", "hubei": "湖北", "hunan": "湖南",
	"guangdong": "广东", "guangxi": "广西", "guangxizhuang": "广西", "hainan": "海南",
	"chongqing": "重庆", "sichuan": "四川", "guizhou": "贵州", "yunnan": "云南",
	"xizang": "西藏", "tibet": "西藏", "shaanxi": "陕西", "gansu": "甘肃", "qinghai": "青海",
	"ningxia": "宁夏", "ningxiahui": "宁夏", "xinjiang": "新疆", "xinjianguygur": "新疆", "xinjianguyghur": "新疆",
	"taiwan": "台湾", "hongkong": "香港", "macau": "澳门", "macao": "澳门",
}

// latinSuffixes are stripped from latin names before the lookup.
var latinSuffixes = []string{"autonomousregion", "specialadministrativeregion", "province", "municipality", "city", "sar", "sheng", "shi"}

// regionGroups maps names of fixed region groups, as shops write them in
// fee rows, to their regions. Vague groups (偏远地区) are left out: which
// regions they cover depends on the shop.
var regionGroups = map[string][]listing.Region{
	"江浙沪": {"江苏", "浙江", "上海"}, "江浙滬": {"江苏", "浙江", "上海"},
	"江浙沪皖": {"江苏", "浙江", "上海", "安徽"}, "江浙滬皖": {"江苏", "浙江", "上海", "安徽"},
	"港澳台": {"香港", "澳门", "台湾"}, "港澳": {"香港", "澳门"},
}

// abroadNames name places outside every Region: a row for them has
// nothing to model.
var abroadNames = []string{"海外", "国外", "國外", "境外"}

// resolveRegionName maps one region name as a freight source writes it to
// the regions it names: Chinese names in full (新疆维吾尔自治区), short
// (新疆), traditional (內蒙古) or with 地区 (西藏地区); ISO 3166-2:CN codes
// with or without the country (CN-XJ, XJ; and the pre-2017 CN-65); GB/T
// 2260 province codes (650000, as Taobao area IDs); pinyin or English
// names (Xinjiang, Tibet); and fixed groups (江浙沪, 港澳台). ok is false for a name it cannot resolve; ok
// with no regions is a name for places outside every Region (海外). The
// result is shared: callers copy it, never write to it.
func resolveRegionName(s string) (regions []listing.Region, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	if code, ok := strings.CutPrefix(strings.ToUpper(s), "CN-"); ok {
		if r, ok := isoRegions[code]; ok {
			return regionSlice(r), true
		}
		if r, ok := isoNumericRegion(code); ok {
			return regionSlice(r), true
		}
		return nil, false
	}
	if r, ok := provinceCodeRegion(s); ok {
		return regionSlice(r), true
	}
	if isASCII(s) {
		if r, ok := isoRegions[strings.ToUpper(s)]; ok {
			return regionSlice(r), true // XJ: Google's addressRegion form
		}
		if r, ok := latinRegion(s); ok {
			return regionSlice(r), true
		}
		return nil, false
	}
	for _, name := range []string{s, trimAreaSuffix(s)} {
		if r, ok := listing.ParseRegion(name); ok {
			return regionSlice(r), true
		}
		if g, ok := regionGroups[name]; ok {
			return g, true
		}
		for _, a := range abroadNames {
			if name == a {
				return nil, true
			}
		}
	}
	return nil, false
}

// trimAreaSuffix strips a trailing 地区 (西藏地区) and spaces before it.
func trimAreaSuffix(s string) string {
	for _, suf := range []string{"地区", "地區"} {
		if t, ok := strings.CutSuffix(s, suf); ok && t != "" {
			return strings.TrimSpace(t)
		}
	}
	return s
}

// isoNumericRegion reads the two digits of a pre-2017 ISO 3166-2:CN code
// (CN-65).
func isoNumericRegion(code string) (listing.Region, bool) {
	switch code {
	case "91":
		return "香港", true
	case "92":
		return "澳门", true
	case "81", "82":
		return "", false // not ISO codes (GB/T 2260's Hong Kong and Macau)
	}
	if len(code) != 2 {
		return "", false
	}
	r, ok := provinceCodes[code]
	return r, ok
}

// provinceCodeRegion reads a six-digit GB/T 2260 province-level code
// (650000). City and county codes (650100) name part of a region and are
// not resolved.
func provinceCodeRegion(s string) (listing.Region, bool) {
	if len(s) != 6 || s[2:] != "0000" {
		return "", false
	}
	r, ok := provinceCodes[s[:2]]
	return r, ok
}

// latinRegion reads a pinyin or English region name (Xinjiang, Inner
// Mongolia, Guangxi Zhuang Autonomous Region).
func latinRegion(s string) (listing.Region, bool) {
	key := strings.Map(func(c rune) rune {
		switch {
		case c == ' ' || c == '-' || c == '\'' || c == '.' || c == '_':
			return -1
		}
		return unicode.ToLower(c)
	}, s)
	for _, suf := range latinSuffixes {
		if t, ok := strings.CutSuffix(key, suf); ok && t != "" {
			key = t
			break
		}
	}
	r, ok := latinRegions[key]
	return r, ok
}

// countryKind is what a schema.org addressCountry says about a shipping
// destination.
type countryKind int

const (
	countryChina   countryKind = iota // mainland China, or not given
	countryOther                      // another country, or Hong Kong, Macau or Taiwan
	countryUnknown                    // a name this file cannot place
)

// classifyCountry reads an addressCountry value: an ISO 3166-1 code
// (CN, CHN, US) or a name (China, 中国, 香港). Hong Kong, Macau and Taiwan
// count as other countries: fees there do not break a mainland claim.
func classifyCountry(s string) countryKind {
	s = strings.TrimSpace(s)
	if s == "" {
		return countryChina
	}
	lower := strings.ToLower(s)
	switch lower {
	case "cn", "chn", "156", "prc":
		return countryChina
	}
	for _, w := range []string{"hong kong", "hongkong", "macau", "macao", "taiwan", "香港", "澳门", "澳門", "台湾", "台灣", "臺灣"} {
		if strings.Contains(lower, w) {
			return countryOther
		}
	}
	for _, w := range []string{"china", "chinese", "中国", "中國", "中华人民共和国", "中華人民共和國", "大陆", "大陸", "内地", "內地"} {
		if strings.Contains(lower, w) {
			return countryChina
		}
	}
	if isASCII(s) {
		return countryOther // US, JPN, United States
	}
	return countryUnknown
}
