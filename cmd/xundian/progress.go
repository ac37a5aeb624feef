package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/xundian/xundian/crawler"
)

// progress reports a crawl as it goes: a live bar (discovered / fetched /
// failed / rate / ETA) on a terminal, a log line every few seconds
// otherwise. finish ends the bar's line.
type progress struct {
	update func(crawler.Stats)
	finish func()
}

func newProgress(w io.Writer) progress {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return terminalProgress(w)
	}
	return logProgress(w, 5*time.Second)
}

func terminalProgress(w io.Writer) progress {
	bar := progressbar.NewOptions(1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("巡店"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("listings"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return progress{
		update: func(s crawler.Stats) {
			done := s.Listings + s.Unchanged + s.Failed + s.Duplicates
			if s.Discovered > 0 {
				bar.ChangeMax(s.Discovered)
			}
			bar.Describe(fmt.Sprintf("巡店 discovered %d · failed %d", s.Discovered, s.Failed))
			_ = bar.Set(done)
		},
		finish: func() { _ = bar.Finish() },
	}
}

func logProgress(w io.Writer, every time.Duration) progress {
	var (
		last    time.Time
		pending *crawler.Stats // the latest totals not yet logged
	)
	start := time.Now()
	logLine := func(s crawler.Stats) {
		rate := float64(s.Listings+s.Unchanged+s.Failed) / time.Since(start).Seconds()
		fmt.Fprintf(w, "xundian: discovered %d, fetched %d pages, %d listings checked, %d unchanged, %d failed, %.0f listings/s\n",
			s.Discovered, s.PagesFetched, s.Listings, s.Unchanged, s.Failed, rate)
	}
	return progress{
		update: func(s crawler.Stats) {
			if time.Since(last) < every {
				pending = &s
				return
			}
			last, pending = time.Now(), nil
			logLine(s)
		},
		// The last totals are logged at the end, so the log never stops
		// at a line from the first seconds of the crawl.
		finish: func() {
			if pending != nil {
				logLine(*pending)
			}
		},
	}
}
