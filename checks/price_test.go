package checks

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xundian/xundian/internal/testenv"

	"github.com/google/go-cmp/cmp"
	"github.com/xundian/xundian/listing"
)

func TestParsePriceClaims(t *testing.T) {
	type c struct {
		Text      string
		Low, High listing.Money
		Kind      string
	}
	tests := []struct {
		in   string
		want []c
	}{
		{"¥59", []c{{"¥59", 5900, 5900, "plain"}}},
		{"￥59", []c{{"￥59", 5900, 5900, "plain"}}},
		{"59元", []c{{"59元", 5900, 5900, "plain"}}},
		{"59块包邮", []c{{"59块", 5900, 5900, "plain"}}},
		// colloquial tenths after 块
		{"9块9包邮", []c{{"9块9", 990, 990, "plain"}}},
		{"仅需19块9毛", []c{{"仅需19块9毛", 1990, 1990, "仅售"}}},
		{"9块9件", nil}, // a quantity
		{"拍下29.9 到手", []c{{"拍下29.9", 2990, 2990, "拍下价"}}}, // the price at checkout
		{"拍下48小时内发货", nil},
		{"拍下立减20元", nil},
		{"仅售59", []c{{"仅售59", 5900, 5900, "仅售"}}},
		{"到手价59", []c{{"到手价59", 5900, 5900, "到手价"}}},
		{"到手價：¥59.9", []c{{"到手價：¥59.9", 5990, 5990, "到手价"}}},
		{"券后59", []c{{"券后59", 5900, 5900, "券后"}}},
		{"券後價29.9元起", []c{{"券後價29.9元", 2990, 2990, "券后"}}},
		{"特价59 秒杀价49 活动价39 现价29", []c{
			{"特价59", 5900, 5900, "特价"}, {"秒杀价49", 4900, 4900, "秒杀价"},
			{"活动价39", 3900, 3900, "活动价"}, {"现价29", 2900, 2900, "现价"}}},
		// a CJK word after a space is the next word of the title, not a unit
		{"活动价79 日常 连帽卫衣", []c{{"活动价79", 7900, 7900, "活动价"}}},
		{"特价149 日常 真皮钱包", []c{{"特价149", 14900, 14900, "特价"}}},
		{"ＲＭＢ１２９", []c{{"ＲＭＢ１２９", 12900, 12900, "plain"}}},
		{"￥５９．９０", []c{{"￥５９．９０", 5990, 5990, "plain"}}},
		{"59-99元", []c{{"59-99元", 5900, 9900, "range"}}},
		{"¥59~¥99", []c{{"¥59~¥99", 5900, 9900, "range"}}},
		{"59 - 99元", []c{{"59 - 99元", 5900, 9900, "range"}}},
		{"1,299元", []c{{"1,299元", 129900, 129900, "plain"}}},
		{"59元起", []c{{"59元起", 5900, 5900, "起"}}},
		{"原价199 现价99", []c{{"原价199", 19900, 19900, "原价"}, {"现价99", 9900, 9900, "现价"}}},
		{"吊牌价399元", []c{{"吊牌价399元", 39900, 39900, "原价"}}},
		// OCR reads a stamped ¥ as #, Y, 兰, 半 or 了: after a payable
		// keyword it is the currency sign
		{"到手价#59", []c{{"到手价#59", 5900, 5900, "到手价"}}},
		{"到手價兰59", []c{{"到手價兰59", 5900, 5900, "到手价"}}},
		{"特价Y229", []c{{"特价Y229", 22900, 22900, "特价"}}},
		{"券后半39.9", []c{{"券后半39.9", 3990, 3990, "券后"}}},
		{"特價了99", []c{{"特價了99", 9900, 9900, "特价"}}},
		{"券后六29", []c{{"券后六29", 2900, 2900, "券后"}}},
		{"六29", nil},
		{"券后六折", nil},
		{"原价#199", []c{{"原价#199", 19900, 19900, "原价"}}},
		{"#59", nil},
		{"Y229", nil},
		{"满#300减40", nil},
		// not claims
		{"满300减40", nil},
		{"满99包邮", nil},
		{"满99元包邮", nil},
		{"立减20元", nil},
		{"省20元", nil},
		{"减20元", nil},
		{"2件59元", nil},
		{"两件59元", nil},
		{"20元券", nil},
		{"5元红包", nil},
		{"3块装香皂", nil},
		{"2026新款", nil},
		{"180cm 75kg 12% 3件 5斤 7天 24小时 3岁", nil},
		{"特价5折", nil},
		{"型号X200元", nil},
		{"2020-2026", nil},
		{"10起发", nil},
		{"运费20元", nil},
		{"0元", nil},
		{"59.999元", nil},
		// a price per unit (after a slash or 每, before or after the
		// amount) prices a unit or a bundle, not the item
		{"9.9元/斤", nil},
		{"29.9元/件", nil},
		{"29.9元／件 19.9元/公斤 2.5元 / 片", nil},
		{"¥39.9/500g", nil},
		{"39.9元/500g", nil},
		{"9.9元每斤", nil},
		{"每斤9.9元", nil},
		{"到手价29.9元/件", nil},
		{"¥59-99/件", nil},
		{"59元起/件", nil},
		{"99元/3件", nil},
		{"¥99/3件", nil},
		{"分期每期8.3元", nil},
		{"每件仅需9.9", nil},
		{"每天仅需1元", nil},
		{"券后每件9.9元", nil},
		// a 每 after a space starts the next phrase; a slash without a
		// quantity is no unit
		{"9.9元/斤 59元 每人限购2件", []c{{"59元", 5900, 5900, "plain"}}},
		{"¥59/¥99 9.9元/斤", []c{{"¥59", 5900, 5900, "plain"}, {"¥99", 9900, 9900, "plain"}}},
		// deposits, balances, installments, averages and add-ons are not
		// the price, also before 仅需; a negated fee is no fee
		{"定金20元 尾款89元", nil},
		{"尾款仅需59", nil},
		{"月供99元 首付199元 月付8.3元", nil},
		{"均价29.9元 折合19.9元 日均0.5元 人均29元", nil},
		{"全场均59元", []c{{"59元", 5900, 5900, "plain"}}}, // 均 alone is "all", not an average
		{"99+1元得2件", nil},
		{"加价购9.9元 换购价9.9元", nil},
		{"邮费仅需5元 免运费 仅需59", []c{{"仅需59", 5900, 5900, "仅售"}}},
		{"运费只要10元 到手价59", []c{{"到手价59", 5900, 5900, "到手价"}}},
		{"免运费59元", []c{{"59元", 5900, 5900, "plain"}}},
		{"含运费59元", []c{{"59元", 5900, 5900, "plain"}}},
		// a bundle before a keyword; one item is no bundle, nor is a stock,
		// sales or limit count
		{"拍2件到手89", nil},
		{"2件到手价89元", nil},
		{"1件59元 2件99元 2+1件99元", []c{{"59元", 5900, 5900, "plain"}}},
		{"第1件59元 第2件1元", []c{{"59元", 5900, 5900, "plain"}}},
		{"限量100件 59元", []c{{"59元", 5900, 5900, "plain"}}},
		{"前100件59元", []c{{"59元", 5900, 5900, "plain"}}},
		{"已售1000件 59元", []c{{"59元", 5900, 5900, "plain"}}},
		{"限购2件 59元", []c{{"59元", 5900, 5900, "plain"}}},
		// 原 alone is 原价
		{"券后¥59 原¥99", []c{{"券后¥59", 5900, 5900, "券后"}, {"原¥99", 9900, 9900, "原价"}}},
		// a Latin word before a space is no model number: the price stands
		// on its own
		{"XL 59元", []c{{"59元", 5900, 5900, "plain"}}},
		{"110-160cm 59元", []c{{"59元", 5900, 5900, "plain"}}},
		{"500g 39.9元 x200元", []c{{"39.9元", 3990, 3990, "plain"}}},
	}
	for _, tt := range tests {
		var got []c
		for _, pc := range ParsePriceClaims(tt.in) {
			got = append(got, c{pc.Text, pc.Low, pc.High, pc.Kind})
			if tt.in[pc.Start:pc.End] != pc.Text {
				t.Errorf("ParsePriceClaims(%q): Text %q is not in[%d:%d] %q", tt.in, pc.Text, pc.Start, pc.End, tt.in[pc.Start:pc.End])
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParsePriceClaims(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// realDir is the shared real-world test material.
func realDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "testdata", "real")
	if _, err := os.Stat(dir); err != nil {
		testenv.Skip(t, fmt.Sprintf("real test material not present at %s (it lives outside the module): %v", dir, err))
	}
	return dir
}

func readJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		testenv.Skip(t, fmt.Sprintf("real test material not present: %v", err))
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestParsePriceClaimsRealChinese runs the parser on real Chinese price
// strings from Taobao/Tmall samples.
func TestParsePriceClaimsRealChinese(t *testing.T) {
	type rec struct {
		Input    string         `json:"input"`
		Kind     string         `json:"kind"`
		Expected map[string]any `json:"expected"`
	}
	recs := readJSONL[rec](t, filepath.Join(realDir(t), "price-strings", "cn_price_texts_from_real_samples.jsonl"))
	checked := 0
	for _, r := range recs {
		amount, _ := r.Expected["amount"].(string)
		switch r.Kind {
		case "paid_price_from", "list_price_from_with_unit":
			// the string is a price as written: 382起, ￥400
			want, err := listing.ParseMoney(amount)
			if err != nil {
				t.Fatal(err)
			}
			got := ParsePriceClaims(r.Input)
			if len(got) != 1 || got[0].Low != want || !got[0].Payable() {
				t.Errorf("%s: ParsePriceClaims(%q) = %+v, want one payable claim of %s", r.Kind, r.Input, got, want)
			}
			checked++
		case "list_price_from", "sku_paid_price", "sku_list_price", "current_price",
			"strikethrough_reference_price", "subsidised_price_from", "misleading_price_field":
			// a bare number is no claim in text; with ¥ it is that amount
			if got := ParsePriceClaims(r.Input); len(got) != 0 {
				t.Errorf("%s: ParsePriceClaims(%q) = %+v, want none for a bare number", r.Kind, r.Input, got)
			}
			want, err := listing.ParseMoney(amount)
			if err != nil {
				t.Fatal(err)
			}
			got := ParsePriceClaims("¥" + r.Input)
			if len(got) != 1 || got[0].Low != want {
				t.Errorf("%s: ParsePriceClaims(%q) = %+v, want %s", r.Kind, "¥"+r.Input, got, want)
			}
			checked++
		case "price_in_fen":
			if got := ParsePriceClaims(r.Input); len(got) != 0 {
				t.Errorf("%s: ParsePriceClaims(%q) = %+v, want none", r.Kind, r.Input, got)
			}
			checked++
		case "promotion_text", "not_item_freight", "sku_name_mentions_freight", "freight", "freight_payer", "listing_title_claim":
			// discounts, coupons, thresholds, freight fees, titles with
			// weights: none of it is a payable price claim
			for _, pc := range ParsePriceClaims(r.Input) {
				if pc.Payable() {
					t.Errorf("%s: ParsePriceClaims(%q) found %+v, want no payable claim", r.Kind, r.Input, pc)
				}
			}
			checked++
		default:
			t.Errorf("unexpected kind %q: decide what the parser should do with it", r.Kind)
		}
	}
	if checked != len(recs) || checked < 40 {
		t.Errorf("checked %d of %d records", checked, len(recs))
	}
}

// TestParsePriceClaimsPriceParserCases runs the price-parser cases: the
// yuan ones must parse to their amount, every other currency must not be
// taken for a yuan price.
func TestParsePriceClaimsPriceParserCases(t *testing.T) {
	type rec struct {
		Input  *string `json:"input"`
		Amount *string `json:"amount"`
		CNY    bool    `json:"cny"`
	}
	recs := readJSONL[rec](t, filepath.Join(realDir(t), "price-strings", "price_parser_cases.jsonl"))
	cny := 0
	for _, r := range recs {
		if r.Input == nil {
			continue
		}
		got := ParsePriceClaims(*r.Input)
		if !r.CNY {
			if len(got) != 0 {
				t.Errorf("ParsePriceClaims(%q) = %+v, want none (not yuan)", *r.Input, got)
			}
			continue
		}
		cny++
		want, err := listing.ParseMoney(strings.TrimSuffix(*r.Amount, ".0"))
		if err != nil {
			t.Fatalf("amount %q: %v", *r.Amount, err)
		}
		if len(got) != 1 || got[0].Low != want {
			t.Errorf("ParsePriceClaims(%q) = %+v, want %s", *r.Input, got, want)
		}
	}
	if cny != 5 {
		t.Errorf("found %d yuan cases, want 5", cny)
	}
}

func FuzzParsePriceClaims(f *testing.F) {
	for _, s := range []string{"¥59", "到手价59", "59-99元", "满300减40", "￥５９．９", "券後價29.9元起", "1,299元", "2件59元",
		"382起", "¥", "元", "99999999999999999999元", "5.元", ".5元", "59-", "¥59~¥", "-1元", "原价¥199"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prevEnd := 0
		for _, c := range ParsePriceClaims(s) {
			if c.Start < prevEnd || c.Start >= c.End || c.End > len(s) {
				t.Fatalf("ParsePriceClaims(%q): bad span %d:%d after %d", s, c.Start, c.End, prevEnd)
			}
			if s[c.Start:c.End] != c.Text {
				t.Fatalf("ParsePriceClaims(%q): Text %q != s[%d:%d]", s, c.Text, c.Start, c.End)
			}
			if c.Low <= 0 || c.High < c.Low {
				t.Fatalf("ParsePriceClaims(%q): amounts %v..%v", s, c.Low, c.High)
			}
			if c.Kind == "" {
				t.Fatalf("ParsePriceClaims(%q): empty kind", s)
			}
			if utf8.ValidString(s) && !utf8.ValidString(c.Text) {
				t.Fatalf("ParsePriceClaims(%q): Text %q cuts a character", s, c.Text)
			}
			prevEnd = c.End
		}
	})
}
