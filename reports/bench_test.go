package reports

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// BenchmarkBuild builds the report of the last of TrendRuns patrols of
// 1,000 listings, 500 of them with a description finding (so each needs
// its snapshot for context): the trend reads 29 earlier runs' findings.
func BenchmarkBuild(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "x.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var last int64
	for r := range TrendRuns {
		at := t1.Add(time.Duration(r) * 24 * time.Hour)
		run, err := db.StartRun(ctx, store.KindPatrol, "demo", at)
		if err != nil {
			b.Fatal(err)
		}
		var rs []store.ListingResult
		for i := range 1000 {
			l := mkListing(fmt.Sprint(10001+i), fmt.Sprintf("商品 %d", i))
			l.Description = "精选面料，纯棉亲肤，四季可穿。"
			if i%2 == 0 && (i+r)%7 != 0 {
				rs = append(rs, result(l, mkFinding(l, "material-mismatch", listing.SourceDescription, l.Description, "纯棉")))
			} else {
				rs = append(rs, result(l))
			}
		}
		if err := db.SaveResults(ctx, run.ID, rs); err != nil {
			b.Fatal(err)
		}
		if err := db.FinishRun(ctx, run.ID, store.StatusComplete, at.Add(time.Minute), store.RunStats{Listings: 1000}); err != nil {
			b.Fatal(err)
		}
		last = run.ID
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(ctx, db, last, "zh"); err != nil {
			b.Fatal(err)
		}
	}
}
