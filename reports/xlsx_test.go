package reports

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func openXLSX(t *testing.T, r *Report) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := r.WriteXLSX(&buf, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWriteXLSX(t *testing.T) {
	f := openXLSX(t, fixtureReport(t, "zh"))
	if got := f.GetSheetList(); !slices.Equal(got, []string{"问题", "概要"}) {
		t.Fatalf("sheets = %q, want [问题 概要]", got)
	}
	rows, err := f.GetRows("问题")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 9 {
		t.Fatalf("%d rows, want header + 8", len(rows))
	}
	if rows[0][0] != "状态" || rows[0][9] != "证据" || len(rows[0]) != 13 {
		t.Errorf("header = %q", rows[0])
	}
	found := false
	for _, row := range rows[1:] {
		switch row[5] {
		case "10001":
			found = true
			if row[2] != "包邮宣传与运费模板不符" || row[6] != "夏季T恤 全国包邮 速干" || row[4] != "4" {
				t.Errorf("10001 row = %q", row)
			}
		case "10007":
			if !strings.HasPrefix(row[6], "'=HYPERLINK(") {
				t.Errorf("10007 title = %q, want neutralized", row[6])
			}
		}
	}
	if !found {
		t.Errorf("no row for 10001")
	}
	// Points are numbers, not text, so the autofilter sorts them.
	if typ, err := f.GetCellType("问题", "E2"); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("points cell type = %v (%v), want a number", typ, err)
	}
	panes, err := f.GetPanes("问题")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v, want the header row frozen", panes)
	}
	var filter bool
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" && strings.Contains(dn.RefersTo, "$A$1:$M$9") {
			filter = true
		}
	}
	if !filter {
		t.Errorf("no autofilter over A1:M9: %+v", f.GetDefinedName())
	}

	sum, err := f.GetRows("概要")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, row := range sum {
		if len(row) >= 2 {
			got[row[0]] = row[1]
		}
	}
	for k, want := range map[string]string{"店铺": "demo", "新增": "3", "已修复": "1", "已下架": "1", "可能被扣分数": "28", "处罚节点": "24", "抓取失败": "1"} {
		if got[k] != want {
			t.Errorf("summary %s = %q, want %q", k, got[k], want)
		}
	}
	if _, ok := got["2026-11-22"]; !ok {
		t.Errorf("summary lacks the trend row for 2026-11-22: %v", got)
	}
}

func TestWriteXLSXEnglish(t *testing.T) {
	f := openXLSX(t, fixtureReport(t, "en"))
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Findings", "Summary"}) {
		t.Errorf("sheets = %q, want [Findings Summary]", got)
	}
}
