package reports

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// xlsxSheets names the workbook's sheets in a language: findings, summary.
func xlsxSheets(lang string) (findings, summary string) {
	if lang == "en" {
		return "Findings", "Summary"
	}
	return "问题", "概要"
}

// xlsxColWidths are the findings sheet's column widths, by flatHeader
// column.
var xlsxColWidths = []float64{10, 22, 24, 10, 7, 12, 40, 40, 12, 40, 50, 34, 24}

// WriteXLSX writes the report as an Excel workbook: a findings sheet
// ("问题" / "Findings": every finding with its state, autofilter on,
// header row frozen) and a summary sheet ("概要" / "Summary": run, counts,
// exposure, rules, trend). Strings are neutralized against formula
// injection like the CSV's. Times are shown in loc (nil: DefaultZone).
func (r *Report) WriteXLSX(w io.Writer, loc *time.Location) error {
	if err := r.writeXLSX(w, orShanghai(loc)); err != nil {
		return fmt.Errorf("write xlsx report: %w", err)
	}
	return nil
}

func (r *Report) writeXLSX(w io.Writer, loc *time.Location) error {
	f := excelize.NewFile()
	defer f.Close()
	findings, summary := xlsxSheets(r.Lang)
	if err := f.SetSheetName("Sheet1", findings); err != nil {
		return err
	}
	if err := r.xlsxFindings(f, findings); err != nil {
		return fmt.Errorf("sheet %s: %w", findings, err)
	}
	if _, err := f.NewSheet(summary); err != nil {
		return err
	}
	if err := r.xlsxSummary(f, summary, loc); err != nil {
		return fmt.Errorf("sheet %s: %w", summary, err)
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func (r *Report) xlsxFindings(f *excelize.File, sheet string) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E2E8F0"}}})
	if err != nil {
		return err
	}
	// A stream writer keeps a 100,000-finding sheet from holding every
	// cell in memory.
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, wd := range xlsxColWidths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := flatHeader(r.Lang)
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = excelize.Cell{Value: h, StyleID: bold}
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		return err
	}
	rows := r.flatRows()
	for i, row := range rows {
		cells := row.strings()
		vals := make([]any, len(cells))
		for j, c := range cells {
			vals[j] = c
		}
		vals[flatPointsCol] = row.Points
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(header), len(rows)+1)
	if err != nil {
		return err
	}
	return f.AutoFilter(sheet, "A1:"+last, nil)
}

func (r *Report) xlsxSummary(f *excelize.File, sheet string, loc *time.Location) error {
	wd := wordsHTML(r.Lang)
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	newN := 0
	for _, it := range r.Open {
		if it.State == StateNew {
			newN++
		}
	}
	base := "—"
	if r.HasBase {
		base = fmt.Sprintf("#%d (%s)", r.Base.ID, fmtClock(r.Base.StartedAt, loc))
	}
	h := r.Health
	var rows [][]any
	add := func(cells ...any) { rows = append(rows, cells) }
	add(wd.Title)
	add(wd.Shop, Neutralize(r.Run.Shop))
	add(wd.Run, fmt.Sprintf("#%d (%s)", r.Run.ID, runKindLabel(r.Run.Kind, r.Lang)))
	add(wd.Status, RunStatusLabel(r.Run.Status, r.Lang))
	add(wd.Started, fmtClock(r.Run.StartedAt, loc))
	add(wd.Finished, fmtClock(r.Run.FinishedAt, loc))
	add(wd.Baseline, base)
	add()
	add(wd.Discovered, h.Discovered)
	add(wd.Checked, h.Checked)
	add(wd.FetchFailed, h.FetchFailed)
	add(wd.Pages, r.Run.PagesFetched)
	add(wd.New, newN)
	add(wd.Open, len(r.Open)-newN)
	add(wd.Resolved, len(r.Resolved))
	add(wd.Removed, len(r.Removed))
	add(wd.Suppressed, len(r.Suppressed))
	add()
	add(wd.Points, r.Exposure.Points)
	add(wd.Node, r.Exposure.Node)
	add(wd.Consequence, Consequence(r.Exposure.Node, r.Lang))
	if hb := r.htmlHealth(wd); hb.Bad {
		add()
		add(wd.Health, wd.HealthBad)
		for _, reason := range hb.Reasons {
			add("", reason)
		}
	}
	add()
	var heads []int
	heads = append(heads, len(rows)+1)
	add(wd.ByRule, wd.RuleID, wd.Severity, wd.PerFinding, wd.OpenCount)
	for _, rc := range r.Rules {
		add(rc.Title, rc.Rule, string(rc.Severity), rc.Points, rc.Count)
	}
	add()
	heads = append(heads, len(rows)+1)
	add(wd.Trend, wd.Run, wd.TrendFindings, wd.TrendPoints, wd.Node)
	for _, p := range r.Trend {
		add(p.Day(loc), p.RunID, p.Open, p.Points, p.Node)
	}
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	for _, hr := range heads {
		a, _ := excelize.CoordinatesToCellName(1, hr)
		b, _ := excelize.CoordinatesToCellName(5, hr)
		if err := f.SetCellStyle(sheet, a, b, bold); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", bold); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 28); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "B", "E", 24)
}
