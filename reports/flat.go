package reports

import (
	"strconv"
	"strings"
)

// flatRow is one finding as a row of a flat export (CSV, xlsx): every
// state, suppressed included, in the order new, open, resolved, removed,
// suppressed.
type flatRow struct {
	State, Rule, RuleTitle, Severity string
	Points                           int
	ListingID, Title, URL, Source    string
	Evidence, Detail, Fingerprint    string
	Reason                           string
}

// flatHeader names the columns of flatRow, in lang.
func flatHeader(lang string) []string {
	if lang == "en" {
		return []string{"state", "rule", "rule title", "severity", "points", "listing id", "title",
			"url", "source", "evidence", "detail", "fingerprint", "suppress reason"}
	}
	return []string{"状态", "规则", "规则名称", "严重度", "扣分", "商品ID", "商品标题",
		"链接", "来源", "证据", "说明", "指纹", "忽略原因"}
}

// strings returns the row's cells as text, each neutralized.
func (f flatRow) strings() []string {
	cells := []string{f.State, f.Rule, f.RuleTitle, f.Severity, strconv.Itoa(f.Points), f.ListingID,
		f.Title, f.URL, f.Source, f.Evidence, f.Detail, f.Fingerprint, f.Reason}
	for i, c := range cells {
		if i != flatPointsCol {
			cells[i] = Neutralize(c)
		}
	}
	return cells
}

// flatPointsCol is the index of the numeric points column.
const flatPointsCol = 4

func (r *Report) flatRows() []flatRow {
	var out []flatRow
	add := func(items []Item, state string) {
		for _, it := range items {
			st := state
			if st == "" {
				st = it.State
			}
			out = append(out, flatRow{
				State: stateLabel(st, r.Lang), Rule: it.Rule, RuleTitle: RuleTitle(it.Rule, r.Lang),
				Severity: SeverityLabel(it.Severity, r.Lang), Points: it.Points, ListingID: it.ListingID,
				Title: it.Title, URL: it.URL, Source: sourceLabel(it.Source, r.Lang),
				Evidence: it.Evidence, Detail: it.Detail(r.Lang), Fingerprint: it.Fingerprint, Reason: it.SuppressReason,
			})
		}
	}
	var newItems, openItems []Item
	for _, it := range r.Open {
		if it.State == StateNew {
			newItems = append(newItems, it)
		} else {
			openItems = append(openItems, it)
		}
	}
	add(newItems, StateNew)
	add(openItems, StateOpen)
	add(r.Resolved, StateResolved)
	add(r.Removed, StateRemoved)
	add(r.Suppressed, StateSuppressed)
	return out
}

// Neutralize keeps a spreadsheet from reading shop text as a formula
// (CSV/formula injection): a cell starting with =, +, -, @, a tab or a
// carriage return gets a leading single quote, which spreadsheets show as
// text. Other cells are returned unchanged.
func Neutralize(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
