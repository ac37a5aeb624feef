package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xundian/xundian/listing"
)

// Settings configures the checks (filled from config.yaml by cmd).
type Settings struct {
	// Disabled lists rule IDs switched off.
	Disabled []string
	// ExtraTrademarks are added to the embedded trademark list.
	ExtraTrademarks []string
	// AuthorizedBrands are the shop's own and authorized brands: never
	// flagged, even where the embedded list names them.
	AuthorizedBrands []string
	// RegionGroups names groups of regions that claims and exceptions use
	// ("偏远地区": 新疆 西藏 内蒙古 青海 宁夏 甘肃). Groups not given keep
	// their defaults (DefaultRegionGroups).
	RegionGroups map[string][]string
}

// DefaultRegionGroups returns the region groups used for groups Settings
// does not name: the usual remote-area exception, the regional 包邮
// claims (江浙沪包邮, 苏浙沪包邮, 京津冀包邮, …) and the geographic
// divisions (华东, 西南, …). The map is new on every call.
func DefaultRegionGroups() map[string][]string {
	remote := []string{"新疆", "西藏", "内蒙古", "青海", "宁夏", "甘肃"}
	return map[string][]string{
		"偏远地区": remote,
		"边远地区": remote,
		"偏远省份": remote,
		"港澳台":  {"香港", "澳门", "台湾"},
		"疆藏":   {"新疆", "西藏"},
		"新藏":   {"新疆", "西藏"},
		"西北":   {"陕西", "甘肃", "青海", "宁夏", "新疆"},
		"东北":   {"辽宁", "吉林", "黑龙江"},
		"东北三省": {"辽宁", "吉林", "黑龙江"},
		"东三省":  {"辽宁", "吉林", "黑龙江"},
		"青藏":   {"青海", "西藏"},
		// the geographic divisions
		"华北":   {"北京", "天津", "河北", "山西", "内蒙古"},
		"华东":   {"上海", "江苏", "浙江", "安徽", "福建", "江西", "山东"},
		"华中":   {"河南", "湖北", "湖南"},
		"华南":   {"广东", "广西", "海南"},
		"西南":   {"重庆", "四川", "贵州", "云南", "西藏"},
		"江浙":   {"江苏", "浙江"},
		"两广":   {"广东", "广西"},
		"云贵川":  {"云南", "贵州", "四川"},
		"江浙沪":  {"江苏", "浙江", "上海"},
		"苏浙沪":  {"江苏", "浙江", "上海"},
		"沪苏浙":  {"江苏", "浙江", "上海"},
		"江浙沪皖": {"江苏", "浙江", "上海", "安徽"},
		"苏浙沪皖": {"江苏", "浙江", "上海", "安徽"},
		"沪苏浙皖": {"江苏", "浙江", "上海", "安徽"},
		"江浙皖":  {"江苏", "浙江", "安徽"},
		"长三角":  {"江苏", "浙江", "上海", "安徽"},
		"京津冀":  {"北京", "天津", "河北"},
		"珠三角":  {"广东"},
		"广东省内": {"广东"},
	}
}

// Validate reports the first setting that cannot be used: an unknown
// rule ID, a blank term, or a region group naming no known region.
func (s Settings) Validate() error {
	known := KnownRuleIDs()
	for _, id := range s.Disabled {
		if !slices.Contains(known, id) {
			return fmt.Errorf("checks.disabled: unknown rule ID %q", id)
		}
	}
	for _, t := range s.ExtraTrademarks {
		if strings.TrimSpace(t) == "" {
			return fmt.Errorf("checks.extra_trademarks: blank entry")
		}
	}
	for _, t := range s.AuthorizedBrands {
		if strings.TrimSpace(t) == "" {
			return fmt.Errorf("checks.authorized_brands: blank entry")
		}
	}
	for name, regions := range s.RegionGroups {
		if strings.TrimSpace(name) == "" {
			return fmt.Errorf("checks.region_groups: blank group name")
		}
		if len(regions) == 0 {
			return fmt.Errorf("checks.region_groups: group %q names no region", name)
		}
		for _, r := range regions {
			if _, ok := listing.ParseRegion(r); !ok {
				return fmt.Errorf("checks.region_groups: group %q: unknown region %q", name, r)
			}
		}
	}
	return nil
}

// enabled reports whether rule id is switched on.
func (s Settings) enabled(id string) bool { return !slices.Contains(s.Disabled, id) }
