package store

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/google/go-cmp/cmp"
	"github.com/xundian/xundian/listing"
)

// trickyStrings are strings encoding/json escapes or rewrites.
var trickyStrings = []string{
	"", "全国包邮", `"quoted" \back\slash/`, "<b>&amp;</b>", "tab\tnew\nline\rcr\bbs\fff",
	"\x00\x01\x1f\x7f", "line\u2028para\u2029", "bad \xff\xfe utf8 \xe4\xb8", "😀 emoji",
	"¥59 ½ 繁體 “引号”", "\u00a0nbsp", "end\\",
}

// fill sets the exported fields of v to random values, leaving each one
// zero with probability pZero (0: every field set). Slices get 0–3
// elements, nil or empty when they get none.
func fill(v reflect.Value, r *rand.Rand, pZero float64) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		zone := time.FixedZone("", (r.IntN(27)-12)*3600+r.IntN(2)*1800)
		v.Set(reflect.ValueOf(time.Unix(r.Int64N(4e9), r.Int64N(1e9)).In(zone)))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() || (pZero > 0 && r.Float64() < pZero) {
				continue
			}
			fill(v.Field(i), r, pZero)
		}
	case reflect.String:
		s := trickyStrings[r.IntN(len(trickyStrings))]
		if s == "" || r.IntN(2) == 0 {
			s += "x" + strconv.Itoa(r.IntN(1000))
		}
		v.SetString(s)
	case reflect.Int, reflect.Int64:
		n := r.Int64N(2e6) - 1e6
		if n == 0 {
			n = 7
		}
		v.SetInt(n)
	case reflect.Uint8:
		v.SetUint(uint64(r.IntN(256)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), r, pZero)
	case reflect.Slice:
		n := r.IntN(4)
		if pZero == 0 {
			n = 1 + r.IntN(3)
		}
		if n == 0 && r.IntN(2) == 0 {
			return // nil
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fill(s.Index(i), r, pZero)
		}
		v.Set(s)
	default:
		panic("fill: unhandled kind " + v.Kind().String())
	}
}

func TestSnapshotListingIsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var ls []listing.Listing
	for _, pZero := range []float64{0, 0, 0, 0.2, 0.5, 0.8, 1} {
		for range 200 {
			var l listing.Listing
			fill(reflect.ValueOf(&l).Elem(), r, pZero)
			ls = append(ls, l)
		}
	}
	ls = append(ls, listing.Listing{}, listing.Listing{
		Freight: &listing.FreightTemplate{
			Regions:        []listing.RegionFee{{}, {Regions: []listing.Region{}}},
			FreeConditions: []listing.FreeCondition{{}, {Regions: []listing.Region{}}, {MinQuantity: 2}},
		},
		SKUs: []listing.SKU{{}}, Images: []listing.Image{{}}, Attributes: []listing.Attribute{{}},
		PaymentMethods: []string{""},
	})
	for _, res := range benchResults(t, 300) {
		ls = append(ls, res.Listing)
	}
	var enc snapshotEncoder // reused, as SaveResults does
	for i, l := range ls {
		at := l.FetchedAt
		if at.IsZero() && i%2 == 0 {
			at = t0.In(time.FixedZone("CST", 8*3600))
		}
		got, err := enc.listing(&l, at)
		if err != nil {
			t.Fatalf("listing #%d: %v", i, err)
		}
		if l.FetchedAt != ls[i].FetchedAt {
			t.Fatalf("listing #%d: snapshotEncoder.listing changed FetchedAt", i)
		}
		l.FetchedAt = at
		want, err := json.Marshal(&l)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Fatalf("listing #%d: snapshotEncoder.listing =\n%s\nwant (json.Marshal)\n%s", i, got, want)
		}
	}
}

func TestSnapshotListingBadTime(t *testing.T) {
	l := listing.Listing{ID: "1"}
	at := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	var enc snapshotEncoder
	if _, err := enc.listing(&l, at); err == nil {
		t.Error("snapshotEncoder.listing(year 10000): no error, want one as from json.Marshal")
	}
}

func TestSnapshotColumnsAreEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var enc snapshotEncoder // reused, as SaveResults does
	for i := range 2000 {
		var t1 listing.FreightTemplate
		fill(reflect.ValueOf(&t1).Elem(), r, float64(i%5)/5)
		var skus []listing.SKU
		fill(reflect.ValueOf(&skus).Elem(), r, float64(i%3)/3)
		var charged []listing.Charge
		for range r.IntN(5) {
			regions := []listing.Region{"新疆", "西藏", "<&>", "a\u2028", "bad \xff"}
			charged = append(charged, listing.Charge{Region: regions[r.IntN(len(regions))], Fee: listing.Money(r.IntN(3000))})
		}

		fs := freightSummary{ID: t1.ID, Name: t1.Name, Default: t1.Default, Undeliverable: t1.Undeliverable}
		if len(charged) > 0 {
			fs.Charged = map[listing.Region]listing.Money{}
			for _, c := range charged {
				fs.Charged[c.Region] = c.Fee
			}
		}
		want, _ := json.Marshal(fs)
		if got, err := enc.freightJSON(&t1, charged); err != nil || got != string(want) {
			t.Fatalf("snapshotEncoder.freightJSON = %s, %v; want %s", got, err, want)
		}

		prices := map[string]listing.Money{}
		for j, s := range skus {
			if i%4 == 0 && j > 0 {
				s.ID = skus[0].ID // a repeated key: the last SKU wins
			}
			skus[j] = s
			key := s.ID
			if key == "" {
				key = s.Name
			}
			if key == "" {
				key = "#" + strconv.Itoa(j+1)
			}
			prices[key] = s.Price
		}
		want, _ = json.Marshal(prices)
		if got, err := enc.skuPricesJSON(skus); err != nil || got != string(want) {
			t.Fatalf("snapshotEncoder.skuPricesJSON(%+v) = %s, %v; want %s", skus, got, err, want)
		}
	}
}

func TestOutcomeBatchJSON(t *testing.T) {
	want := map[string]map[string]listing.Outcome{
		"1":      {"absolute-term": listing.OutcomePass},
		"2\"<>&": {"a": listing.OutcomeFail, "b\"<>": listing.OutcomeNotApplicable, "c": listing.OutcomeCouldNotCheck},
	}
	var o outcomeBatch
	for id, m := range want {
		if err := o.add(id, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.add("3", map[string]listing.Outcome{}); err != nil {
		t.Fatal(err)
	}
	js, err := gojson.Marshal(o.byListing) // as flush encodes it
	if err != nil {
		t.Fatal(err)
	}
	if std, _ := json.Marshal(o.byListing); string(js) != string(std) {
		t.Errorf("outcome batch = %s, want (json.Marshal) %s", js, std)
	}
	var got map[string]map[string]listing.Outcome
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatalf("outcome batch %s: %v", js, err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("outcome batch %s (-want +got):\n%s", js, d)
	}
}

func TestOutcomeBatchRefusesUnknown(t *testing.T) {
	var o outcomeBatch
	if err := o.add("1", map[string]listing.Outcome{"a": "maybe"}); err == nil {
		t.Errorf("outcomeBatch.add(maybe): no error, want one")
	}
}

func TestJSONArray(t *testing.T) {
	for _, ss := range [][]string{nil, {}, {""}, trickyStrings} {
		want := "[]"
		if len(ss) > 0 {
			js, _ := json.Marshal(ss)
			want = string(js)
		}
		if got := jsonArray(ss); got != want {
			t.Errorf("jsonArray(%q) = %s, want %s", ss, got, want)
		}
	}
}

func FuzzEncodeString(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s)
	}
	var e snapshotEncoder
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got, err := e.encode(s); err != nil || got != string(want) {
			t.Errorf("snapshotEncoder.encode(%q) = %s, %v; want %s", s, got, err, want)
		}
	})
}
