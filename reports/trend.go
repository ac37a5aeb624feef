package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/xundian/xundian/store"
)

// TrendRuns is how many runs (the report's own included) the trend covers.
const TrendRuns = 30

// TrendPoint is one earlier run in the report's trend: how many findings
// it left open and the exposure they add up to.
type TrendPoint struct {
	RunID     int64
	StartedAt time.Time
	Status    string
	// Open counts the run's findings that were not suppressed (carried
	// ones included: a listing that failed to fetch keeps its findings).
	Open int
	// Points and Node are ComputeExposure of those findings.
	Points int
	Node   int
}

// Day is the calendar day the run started on, in loc.
func (p TrendPoint) Day(loc *time.Location) string {
	return p.StartedAt.In(orShanghai(loc)).Format("2006-01-02")
}

// buildTrend returns up to TrendRuns runs of the report's kind, oldest
// first, ending with the report's own run. Running and failed runs other
// than the report's own are left out: their findings are half-written and
// would draw a false dip. Each earlier run costs one findings query; the
// report's own run reuses what Build already read.
func buildTrend(ctx context.Context, db *store.DB, r *Report) ([]TrendPoint, error) {
	// Runs lists newest first and cannot start below an ID, so a report
	// for an old run reads the newer ones too; runs are a few a day.
	runs, err := db.Runs(ctx, r.Run.Kind, 0)
	if err != nil {
		return nil, fmt.Errorf("trend: %w", err)
	}
	var picked []store.Run
	for _, run := range runs {
		if len(picked) == TrendRuns {
			break
		}
		if run.ID > r.Run.ID {
			continue
		}
		if run.ID != r.Run.ID && run.Status != store.StatusComplete && run.Status != store.StatusPartial {
			continue
		}
		picked = append(picked, run)
	}
	out := make([]TrendPoint, len(picked))
	for i, run := range picked {
		p := TrendPoint{RunID: run.ID, StartedAt: run.StartedAt, Status: run.Status}
		if run.ID == r.Run.ID {
			p.Open, p.Points, p.Node = len(r.Open), r.Exposure.Points, r.Exposure.Node
		} else {
			open, err := db.OpenFindingPoints(ctx, run.ID)
			if err != nil {
				return nil, fmt.Errorf("trend: %w", err)
			}
			points, _ := scorePoints(len(open), func(i int) (string, string, int) {
				return open[i].ListingID, open[i].Rule, open[i].Points
			})
			p.Open, p.Points, p.Node = len(open), points, exposureNode(points)
		}
		out[len(picked)-1-i] = p // oldest first
	}
	return out, nil
}
