package checks

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMatcher(t *testing.T) {
	terms := []term{
		{text: "包邮", group: groupShipping},
		{text: "全国包邮", group: groupShipping},
		{text: "不包邮", group: groupShipping, allow: true},
		{text: "第一", group: groupAbsolute},
		{text: "第一次", group: groupAbsolute, allow: true},
		{text: "LV", group: groupTrademark},
		{text: "Nike", group: groupTrademark},
		{text: "乐高", group: groupTrademark},
		{text: "快乐高", group: groupTrademark, allow: true},
		{text: "真丝", group: groupMaterial},
		{text: "仿真丝", group: groupMaterial, allow: true},
		{text: "包邮", group: groupAbsolute}, // same string in another group
	}
	m := newMatcher(terms, testEngine(t).norm)
	type got struct {
		Term  string
		Group group
		Start int
	}
	tests := []struct {
		text string
		want []got
	}{
		{"全国包邮", []got{{"全国包邮", groupShipping, 0}, {"包邮", groupAbsolute, 6}}},
		{"不包邮", []got{{"包邮", groupAbsolute, 3}}},
		{"第一次购买 销量第一", []got{{"第一", groupAbsolute, 21}}},
		{"silver lv包", []got{{"lv", groupTrademark, 7}}},
		{"silverlv", nil},
		{"nikes nike", []got{{"nike", groupTrademark, 6}}},
		{"快乐高效 乐高积木", []got{{"乐高", groupTrademark, 12}}},
		{"仿真丝 真丝", []got{{"真丝", groupMaterial, 9}}},
	}
	for _, tt := range tests {
		n := testEngine(t).Normalize(tt.text)
		var out []got
		for _, x := range m.match(n.bytes, nil) {
			out = append(out, got{x.Term, x.Group, x.Start})
		}
		slices.SortFunc(out, func(a, b got) int { return a.Start - b.Start })
		if diff := cmp.Diff(tt.want, out); diff != "" {
			t.Errorf("match(%q) (-want +got):\n%s", n.Text, diff)
		}
	}
}

func TestEmbeddedTermLists(t *testing.T) {
	ts, err := embeddedTerms()
	if err != nil {
		t.Fatal(err)
	}
	count := map[group]int{}
	for _, x := range ts {
		if !x.allow {
			count[x.group]++
		}
	}
	for g := range numGroups {
		if count[g] == 0 {
			t.Errorf("group %d (%s) has no terms", g, termFileOf[g])
		}
	}
	if count[groupTrademark] < 300 {
		t.Errorf("trademark list has %d terms, want several hundred", count[groupTrademark])
	}
	for _, must := range []string{"阿童木", "小猪佩奇", "奥特曼", "迪士尼", "米老鼠", "冰雪奇缘", "漫威", "香奈儿", "古驰", "路易威登",
		"lv", "nike", "耐克", "adidas", "阿迪达斯", "优衣库", "无印良品", "supreme", "hello kitty", "凯蒂猫", "宝可梦", "皮卡丘",
		"哆啦a梦", "海绵宝宝"} {
		if !slices.ContainsFunc(ts, func(x term) bool { return x.group == groupTrademark && !x.allow && x.text == must }) {
			t.Errorf("trademark list lacks %q", must)
		}
	}
}

func TestParseTermsErrors(t *testing.T) {
	if _, err := parseTerms("x.txt", "ok\n!\n", groupAbsolute); err == nil {
		t.Error("parseTerms accepted an empty allow entry")
	}
	ts, err := parseTerms("x.txt", "# c\n\n a\t1 \n!b\n", groupAbsolute)
	want := []term{{text: "a", group: groupAbsolute, data: "1"}, {text: "b", group: groupAbsolute, allow: true}}
	if err != nil || !cmp.Equal(ts, want, cmp.AllowUnexported(term{})) {
		t.Errorf("parseTerms = %+v, %v; want %+v", ts, err, want)
	}
}
