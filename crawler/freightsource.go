package crawler

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/xundian/xundian/listing"
)

// defaultRegionWords name the default row of a fee table or freight CSV
// (the fee for every region the other rows do not name).
var defaultRegionWords = []string{"默认", "默認", "其他地区", "其他地區", "其余地区", "其餘地區", "全国", "全國", "default", "*"}

func isDefaultRegion(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return true
	}
	for _, w := range defaultRegionWords {
		if strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}

// splitRegionNames splits "新疆、西藏|内蒙古, 青海" into region names and
// resolves them (see resolveRegionNames); unknown names are returned
// separately.
func splitRegionNames(s string) (regions []listing.Region, unknown []string) {
	names := strings.FieldsFunc(s, func(c rune) bool {
		return c == ',' || c == '，' || c == '、' || c == '|' || c == ';' || c == '；' || c == ' ' || c == '/'
	})
	return resolveRegionNames(names)
}

// freightFromTable reads a fee table shown on the page (运费说明 table): one
// row per region group with its first-item and additional-item fee
// (selectors freight_row, freight_regions, freight_first,
// freight_additional). A row whose regions say 默认/其他地区 is the default
// fee. Without a default row the template is nil: other regions' fees
// would be unknown and must not read as free. For the same reason a row
// naming a region that cannot be resolved makes the template nil: its
// fee cannot be placed, and dropping the row would make that region free.
// A nil template leaves the listing to the next freight source, else
// without one, which the free-shipping check reports as could-not-check.
func freightFromTable(root scope, s *compiledSelectors) *listing.FreightTemplate {
	if len(s.freightRow) == 0 {
		return nil
	}
	t := &listing.FreightTemplate{}
	haveDefault := false
	for _, n := range s.freightRow.matches(root) {
		row := nodeScope(n)
		regionText, _ := s.freightRegions.first(row)
		firstText, ok := s.freightFirst.first(row)
		if !ok {
			continue
		}
		first, ok := parsePrice(firstText)
		if !ok {
			continue
		}
		var additional listing.Money
		if a, ok := s.freightAdd.first(row); ok {
			additional, _ = parsePrice(a)
		}
		fee := listing.Fee{First: first, Additional: additional}
		if isDefaultRegion(regionText) {
			t.Default, haveDefault = fee, true
			continue
		}
		regions, unknown := splitRegionNames(regionText)
		if len(unknown) > 0 {
			return nil
		}
		if len(regions) > 0 {
			t.Regions = append(t.Regions, listing.RegionFee{Regions: regions, Fee: fee})
		}
	}
	if !haveDefault {
		return nil
	}
	return t
}

// FreightCSVColumns is the header a freight CSV exported from the seller's
// backend must have (extra columns are ignored). kind is one of default,
// fee, free, undeliverable:
//
//	template_id,kind,regions,first,additional,min_amount,min_quantity
//	T1,default,,0,0,,
//	T1,fee,新疆|西藏,10,5,,
//	T1,free,江苏|浙江|上海,,,99,
//	T1,undeliverable,台湾,,,,
var FreightCSVColumns = []string{"template_id", "kind", "regions", "first", "additional", "min_amount", "min_quantity"}

// ParseFreightCSV reads freight templates keyed by template ID. Errors name
// the line and column. A template without a default row is an error, for
// the same reason as in freightFromTable.
func ParseFreightCSV(r io.Reader) (map[string]*listing.FreightTemplate, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("freight csv: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, c := range FreightCSVColumns[:3] {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("freight csv: header lacks column %q (want %s)", c, strings.Join(FreightCSVColumns, ","))
		}
	}
	out := map[string]*listing.FreightTemplate{}
	hasDefault := map[string]bool{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("freight csv: %w", err)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		money := func(name string) (listing.Money, error) {
			v := get(name)
			if v == "" {
				return 0, nil
			}
			m, ok := parsePrice(v)
			if !ok {
				return 0, fmt.Errorf("freight csv line %d, column %s: %q is not an amount", line, name, v)
			}
			return m, nil
		}
		id := get("template_id")
		if id == "" {
			return nil, fmt.Errorf("freight csv line %d, column template_id: empty", line)
		}
		t := out[id]
		if t == nil {
			t = &listing.FreightTemplate{ID: id}
			out[id] = t
		}
		regions, unknown := splitRegionNames(get("regions"))
		if len(unknown) > 0 {
			return nil, fmt.Errorf("freight csv line %d, column regions: unknown region %q", line, unknown[0])
		}
		first, err := money("first")
		if err != nil {
			return nil, err
		}
		additional, err := money("additional")
		if err != nil {
			return nil, err
		}
		switch kind := strings.ToLower(get("kind")); kind {
		case "default":
			t.Default = listing.Fee{First: first, Additional: additional}
			hasDefault[id] = true
		case "fee":
			if get("regions") == "" {
				return nil, fmt.Errorf("freight csv line %d, column regions: a fee row needs regions", line)
			}
			if len(regions) == 0 {
				continue // only places outside every region (海外)
			}
			t.Regions = append(t.Regions, listing.RegionFee{Regions: regions, Fee: listing.Fee{First: first, Additional: additional}})
		case "free":
			amount, err := money("min_amount")
			if err != nil {
				return nil, err
			}
			qty := 0
			if q := get("min_quantity"); q != "" {
				if qty, err = strconv.Atoi(q); err != nil || qty < 0 {
					return nil, fmt.Errorf("freight csv line %d, column min_quantity: %q is not a count", line, q)
				}
			}
			if len(regions) == 0 && get("regions") != "" {
				continue // only places outside every region: not "all regions"
			}
			t.FreeConditions = append(t.FreeConditions, listing.FreeCondition{Regions: regions, MinAmount: amount, MinQuantity: qty})
		case "undeliverable":
			t.Undeliverable = append(t.Undeliverable, regions...)
		default:
			return nil, fmt.Errorf("freight csv line %d, column kind: %q (want default, fee, free or undeliverable)", line, kind)
		}
	}
	for id := range out {
		if !hasDefault[id] {
			return nil, fmt.Errorf("freight csv: template %q has no default row", id)
		}
	}
	return out, nil
}

// freightCSVCache holds parsed freight CSVs by path, size and
// modification time, so a patrol parses the file once and a long-running
// serve picks up a new export.
var freightCSVCache sync.Map // freightCSVKey -> map[string]*listing.FreightTemplate

type freightCSVKey struct {
	path  string
	size  int64
	mtime int64
}

func loadFreightCSV(path string) (map[string]*listing.FreightTemplate, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	key := freightCSVKey{path, st.Size(), st.ModTime().UnixNano()}
	if v, ok := freightCSVCache.Load(key); ok {
		return v.(map[string]*listing.FreightTemplate), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := ParseFreightCSV(f)
	if err != nil {
		return nil, err
	}
	freightCSVCache.Store(key, m)
	return m, nil
}
