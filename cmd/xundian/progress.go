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

// progress reports a crawl as it goes, in lang (zh or en): a live bar
// (discovered / fetched / failed / rate / ETA) on a terminal, a log line
// every few seconds otherwise. finish ends the bar's line.
type progress struct {
	update func(crawler.Stats)
	finish func()
}

func newProgress(w io.Writer, lang string) progress {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return terminalProgress(w, lang)
	}
	return logProgress(w, 5*time.Second, lang)
}

func terminalProgress(w io.Writer, lang string) progress {
	describe, its := "巡店 发现 %d · 失败 %d", "个"
	if lang == "en" {
		describe, its = "patrol: discovered %d · failed %d", "listings"
	}
	bar := progressbar.NewOptions(1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("巡店"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(its),
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
			bar.Describe(fmt.Sprintf(describe, s.Discovered, s.Failed))
			_ = bar.Set(done)
		},
		finish: func() { _ = bar.Finish() },
	}
}

func logProgress(w io.Writer, every time.Duration, lang string) progress {
	var (
		last    time.Time
		pending *crawler.Stats // the latest totals not yet logged
	)
	start := time.Now()
	logLine := func(s crawler.Stats) {
		rate := float64(s.Listings+s.Unchanged+s.Failed) / time.Since(start).Seconds()
		if lang == "en" {
			fmt.Fprintf(w, "xundian: discovered %d, fetched %d pages, %d listings checked, %d unchanged, %d failed, %.0f listings/s\n",
				s.Discovered, s.PagesFetched, s.Listings, s.Unchanged, s.Failed, rate)
			return
		}
		fmt.Fprintf(w, "xundian：发现商品 %d 个，抓取页面 %d 个，已检查 %d 个，未变 %d 个，失败 %d 个，每秒 %.0f 个\n",
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
