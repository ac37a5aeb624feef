package checks

import (
	"strings"
	"testing"

	"github.com/xundian/xundian/listing"
)

const tm = "trademark-term"

func TestTrademarkTerm(t *testing.T) {
	pass := map[string]listing.Outcome{tm: listing.OutcomePass}
	runCases(t, []ruleCase{
		{name: "character", l: listing.Listing{Title: "阿童木儿童T恤"}, want: []hit{{tm, listing.SourceTitle, "阿童木"}},
			outcomes: map[string]listing.Outcome{tm: listing.OutcomeFail}},
		{name: "小猪佩奇", l: listing.Listing{Title: "小猪佩奇书包"}, want: []hit{{tm, listing.SourceTitle, "小猪佩奇"}}},
		{name: "traditional", l: listing.Listing{Title: "迪士尼冰雪奇緣公主裙"}, want: []hit{{tm, listing.SourceTitle, "迪士尼"}}},
		{name: "同款 construction", l: listing.Listing{Title: "香奈儿同款小香风外套"}, want: []hit{{tm, listing.SourceTitle, "香奈儿同款"}}},
		{name: "风格 construction traditional", l: listing.Listing{Title: "奧特曼風格玩具"}, want: []hit{{tm, listing.SourceTitle, "奧特曼風格"}}},
		{name: "Latin full-width mixed case", l: listing.Listing{Title: "ＮＩＫＥ运动鞋"}, want: []hit{{tm, listing.SourceTitle, "ＮＩＫＥ"}}},
		{name: "Latin separated", l: listing.Listing{Title: "新款 Louis-Vuitton 老花包"}, want: []hit{{tm, listing.SourceTitle, "Louis-Vuitton"}}},
		{name: "Latin look-alike", l: listing.Listing{Title: "Adidаs 运动裤"}, want: []hit{{tm, listing.SourceTitle, "Adidаs"}}},
		{name: "separator inside Chinese", l: listing.Listing{Title: "皮·卡·丘 玩偶"}, want: []hit{{tm, listing.SourceTitle, "皮·卡·丘"}}},
		{name: "哆啦A梦", l: listing.Listing{Title: "哆啦Ａ夢公仔"}, want: []hit{{tm, listing.SourceTitle, "哆啦Ａ夢"}}},
		{name: "first mark wins", l: listing.Listing{Title: "Supreme x 海绵宝宝 联名"}, want: []hit{{tm, listing.SourceTitle, "Supreme"}}},
		{name: "nickname 阿迪", l: listing.Listing{Title: "阿迪同款运动鞋"}, want: []hit{{tm, listing.SourceTitle, "阿迪同款"}}},
		{name: "nickname 北面", l: listing.Listing{Title: "北面1996羽绒服"}, want: []hit{{tm, listing.SourceTitle, "北面"}}},
		{name: "TNF", l: listing.Listing{Title: "TNF 冲锋衣"}, want: []hit{{tm, listing.SourceTitle, "TNF"}}},
		{name: "佩佩猪", l: listing.Listing{Title: "佩佩猪 儿童书包"}, want: []hit{{tm, listing.SourceTitle, "佩佩猪"}}},
		// compatibility statements describe the goods
		{name: "适用于", l: listing.Listing{Title: "适用于戴森V10 吸头"}, outcomes: pass},
		{name: "专用 after", l: listing.Listing{Title: "宝马专用 汽车脚垫"}, outcomes: pass},
		{name: "兼容", l: listing.Listing{Title: "兼容乐高 小颗粒积木"}, outcomes: pass},
		{name: "for", l: listing.Listing{Title: "Filter for Dyson V8"}, outcomes: pass},
		{name: "several marks in one statement", l: listing.Listing{Title: "适用宝马、保时捷 钥匙壳"}, outcomes: pass},
		{name: "同款 is no compatibility", l: listing.Listing{Title: "适用 戴森同款 吹风机"}, want: []hit{{tm, listing.SourceTitle, "戴森同款"}}},
		{name: "a mark after the statement", l: listing.Listing{Title: "适用戴森 吸头 迪士尼印花"}, want: []hit{{tm, listing.SourceTitle, "迪士尼"}}},
		{name: "适用人群 is no statement", l: listing.Listing{Title: "适用人群 儿童 迪士尼书包"}, want: []hit{{tm, listing.SourceTitle, "迪士尼"}}},
		{name: "汗血宝马 is a horse", l: listing.Listing{Title: "汗血宝马 铜摆件"}, outcomes: pass},
		{name: "特斯拉线圈 is a coil", l: listing.Listing{Title: "特斯拉线圈 音乐 实验"}, outcomes: pass},
		// decoys
		{name: "东北面 is a direction", l: listing.Listing{Title: "东北面朝阳 窗帘"}, outcomes: pass},
		{name: "tnf inside a word", l: listing.Listing{Title: "tnfx 收纳盒"}, outcomes: pass},
		{name: "LV inside SILVER", l: listing.Listing{Title: "SILVER 925银手链"}, outcomes: pass},
		{name: "nike inside a word", l: listing.Listing{Title: "nikel alloy ring"}, outcomes: pass},
		{name: "allow-list word containing a mark", l: listing.Listing{Title: "快乐高尔夫球杆"}, outcomes: pass},
		{name: "own brand", l: listing.Listing{Title: "巡店优选 纯色T恤"}, outcomes: pass},
		{name: "authorized brand Chinese", l: listing.Listing{Title: "凯蒂猫 儿童背包"}, outcomes: pass},
		{name: "authorized brand Latin", l: listing.Listing{Title: "HELLO KITTY 儿童背包"}, outcomes: pass},
		{name: "authorized brand joined", l: listing.Listing{Title: "HelloKitty 儿童背包"}, outcomes: pass},
		{name: "description is not a source", l: listing.Listing{Title: "儿童T恤", Description: "迪士尼风格印花"}, outcomes: pass},
	})
}

func TestTrademarkSettings(t *testing.T) {
	e, err := NewEngine(Settings{ExtraTrademarks: []string{"巡店小熊"}, AuthorizedBrands: []string{"迪士尼", "Nike", "北面", "巡店自有"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title string
		want  string // evidence, "" for none
	}{
		{"巡店小熊 毛绒玩具", "巡店小熊"},
		{"迪士尼 公主裙", ""},
		{"NIKE 运动鞋", ""},
		{"耐克 运动鞋", ""},             // another spelling of the authorized mark
		{"Disney 公主裙", ""},         // likewise
		{"The North Face 冲锋衣", ""}, // authorized by its nickname 北面
		{"TNF 冲锋衣", ""},
		{"阿迪 运动鞋", "阿迪"},     // another mark
		{"凯蒂猫 书包", "凯蒂猫"},    // not authorized in this config
		{"巡店自有 米奇 T恤", "米奇"}, // an own brand without aliases authorizes nothing else
	}
	for _, tt := range tests {
		r := e.Check(&listing.Listing{ID: "1", Title: tt.title})
		got := ""
		for _, f := range r.Findings {
			if f.Rule == tm {
				got = f.Evidence
			}
		}
		if got != tt.want {
			t.Errorf("Check(%q) trademark evidence = %q, want %q", tt.title, got, tt.want)
		}
	}
}

// TestTrademarkAliasesAreMarks: every spelling in the alias file is a mark
// of the trademark list, so a typo cannot silently authorize nothing.
func TestTrademarkAliasesAreMarks(t *testing.T) {
	terms, err := embeddedTerms()
	if err != nil {
		t.Fatal(err)
	}
	nz, err := newNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	marks := map[string]bool{}
	for _, tm := range terms {
		if tm.group == groupTrademark && !tm.allow {
			marks[nz.normalize(tm.text).Text] = true
		}
	}
	aliases, err := embeddedAliases()
	if err != nil {
		t.Fatal(err)
	}
	if len(aliases) < 100 {
		t.Fatalf("%d marks with aliases, want the file's 200-odd", len(aliases))
	}
	for _, mark := range aliases {
		for _, a := range mark {
			if !marks[nz.normalize(a).Text] {
				t.Errorf("alias %q (line %q) is not in trademarks.txt", a, strings.Join(mark, " | "))
			}
		}
	}
}

func TestParseAliasesRejects(t *testing.T) {
	for _, body := range []string{"耐克\n", "耐克 | \n", "| nike\n"} {
		if _, err := parseAliases("t.txt", body); err == nil {
			t.Errorf("parseAliases(%q): no error", body)
		}
	}
}

// TestTrademarkListIsMatchable: every embedded mark, written as in the
// list, is found in a title (a term that normalizes away or is shadowed
// by its own allow-list would be dead data).
func TestTrademarkListIsMatchable(t *testing.T) {
	e, err := NewEngine(Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := embeddedTerms()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ts {
		if x.group != groupTrademark || x.allow {
			continue
		}
		r := e.Check(&listing.Listing{ID: "1", Title: "新款 " + x.text + " 周边"})
		found := false
		for _, f := range r.Findings {
			if f.Rule == tm && strings.Contains(e.Normalize(f.Evidence).Text, e.Normalize(x.text).Text) {
				found = true
			}
		}
		if !found {
			t.Errorf("trademark %q is not flagged in a title", x.text)
		}
	}
}
