package reports

import (
	"encoding/csv"
	"fmt"
	"io"
)

// utf8BOM makes Excel open the CSV as UTF-8 instead of the system code
// page (GBK on Chinese Windows), which would garble every Chinese cell.
const utf8BOM = "\uFEFF"

// WriteCSV writes every finding of the report (new, open, resolved,
// removed and suppressed, with their state) as CSV: UTF-8 with a BOM, a
// header row in the report's language, cells neutralized against formula
// injection.
func (r *Report) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("write csv report: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180, and what Excel writes
	if err := cw.Write(flatHeader(r.Lang)); err != nil {
		return fmt.Errorf("write csv report: %w", err)
	}
	for _, row := range r.flatRows() {
		if err := cw.Write(row.strings()); err != nil {
			return fmt.Errorf("write csv report: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv report: %w", err)
	}
	return nil
}
