package promo

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xundian/xundian/history"
	"github.com/xundian/xundian/listing"
)

// PlanColumns are the plan CSV's columns, in template order. listing_id
// is required; title and current_price are for the seller's eyes and not
// read back.
var PlanColumns = []string{"listing_id", "title", "current_price", "presale_price", "spot_price", "planned_volume", "stock"}

// Plan is one listing's row of the seller's event plan.
type Plan struct {
	ListingID, Title string
	// PresalePrice and SpotPrice are the planned prices per wave; 0 = not
	// in that wave.
	PresalePrice, SpotPrice listing.Money
	// Volume is the planned event volume, valid when HasVolume.
	Volume    int
	HasVolume bool
	// Stock is the stock the seller states, valid when HasStock; the
	// page's stock wins where the page shows one.
	Stock    int
	HasStock bool
	// Line is the row's line number in the file.
	Line int
}

// PlanError is a bad plan CSV: the file, line and column (name and
// 1-based index; 0 when the error is not about one column).
type PlanError struct {
	File   string
	Line   int
	Column string
	Index  int
	Err    error
}

func (e *PlanError) Error() string {
	switch {
	case e.Index > 0 && e.Column != "":
		return fmt.Sprintf("%s:%d: column %d (%s): %v", e.File, e.Line, e.Index, e.Column, e.Err)
	case e.Index > 0:
		return fmt.Sprintf("%s:%d: column %d: %v", e.File, e.Line, e.Index, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *PlanError) Unwrap() error { return e.Err }

// ReadPlan reads a plan CSV (UTF-8, an optional byte-order mark, a header
// row naming columns of PlanColumns in any order). Rows with neither a
// presale nor a spot price are listings the seller does not sign up, and
// are skipped. Any bad cell, unknown or repeated column, repeated listing
// ID or an empty plan is an error naming the file (name), line and column.
func ReadPlan(r io.Reader, name string) ([]Plan, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &PlanError{File: name, Line: 1, Err: errors.New("empty file: want a header row " + strings.Join(PlanColumns, ","))}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !knownColumn(h) {
			return nil, &PlanError{File: name, Line: 1, Column: h, Index: i + 1,
				Err: fmt.Errorf("unknown column %q (want %s)", h, strings.Join(PlanColumns, ", "))}
		}
		if _, dup := col[h]; dup {
			return nil, &PlanError{File: name, Line: 1, Column: h, Index: i + 1, Err: fmt.Errorf("column %q twice", h)}
		}
		col[h] = i
	}
	if _, ok := col["listing_id"]; !ok {
		return nil, &PlanError{File: name, Line: 1, Err: errors.New("no listing_id column")}
	}
	if _, ok := col["presale_price"]; !ok {
		if _, ok := col["spot_price"]; !ok {
			return nil, &PlanError{File: name, Line: 1, Err: errors.New("neither a presale_price nor a spot_price column")}
		}
	}
	var out []Plan
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, &PlanError{File: name, Line: line, Err: fmt.Errorf("%d fields, the header has %d", len(rec), len(header))}
		}
		cell := func(c string) (string, int) {
			i, ok := col[c]
			if !ok {
				return "", 0
			}
			return strings.TrimSpace(rec[i]), i + 1
		}
		bad := func(c string, idx int, format string, args ...any) error {
			return &PlanError{File: name, Line: line, Column: c, Index: idx, Err: fmt.Errorf(format, args...)}
		}
		p := Plan{Line: line}
		var idx int
		p.ListingID, idx = cell("listing_id")
		if p.ListingID == "" {
			if blank(rec) {
				continue
			}
			return nil, bad("listing_id", idx, "empty listing ID")
		}
		if prev, dup := seen[p.ListingID]; dup {
			return nil, bad("listing_id", idx, "listing %s already planned on line %d", p.ListingID, prev)
		}
		seen[p.ListingID] = line
		p.Title, _ = cell("title")
		for _, c := range []struct {
			name string
			to   *listing.Money
		}{{"presale_price", &p.PresalePrice}, {"spot_price", &p.SpotPrice}} {
			v, idx := cell(c.name)
			if v == "" {
				continue
			}
			m, err := listing.ParseMoney(strings.TrimLeft(v, "¥￥"))
			if err != nil || m <= 0 {
				return nil, bad(c.name, idx, "%q is not a positive price in yuan (e.g. 99 or 99.90)", v)
			}
			*c.to = m
		}
		for _, c := range []struct {
			name string
			to   *int
			has  *bool
		}{{"planned_volume", &p.Volume, &p.HasVolume}, {"stock", &p.Stock, &p.HasStock}} {
			v, idx := cell(c.name)
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return nil, bad(c.name, idx, "%q is not a whole number of items", v)
			}
			*c.to, *c.has = n, true
		}
		if p.PresalePrice == 0 && p.SpotPrice == 0 {
			continue // not signed up
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, &PlanError{File: name, Line: 1, Err: errors.New("no listing has a presale_price or spot_price: nothing to audit")}
	}
	return out, nil
}

func knownColumn(c string) bool {
	for _, k := range PlanColumns {
		if c == k {
			return true
		}
	}
	return false
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvError turns an encoding/csv error into a PlanError with its position.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &PlanError{File: name, Line: pe.Line, Index: pe.Column, Column: "", Err: pe.Err}
	}
	return &PlanError{File: name, Line: 0, Err: err}
}

// WriteTemplate writes the plan CSV template for the listings (a UTF-8
// byte-order mark, so Excel reads the Chinese titles, then the header and
// one row per listing): current_price is the price a buyer pays now, stock
// the page's stock where it shows one; the event columns are empty for the
// seller to fill in.
func WriteTemplate(w io.Writer, ls []listing.Listing) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(PlanColumns); err != nil {
		return err
	}
	for _, l := range ls {
		price := history.Charged(pricePoint(l))
		stock := ""
		if l.HasStock {
			stock = strconv.Itoa(l.Stock)
		}
		cur := ""
		if price > 0 {
			cur = price.String()
		}
		if err := cw.Write([]string{l.ID, l.Title, cur, "", "", "", stock}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
