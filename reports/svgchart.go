package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// svgChart is the trend chart laid out for the HTML template: two lines
// (open findings on the left axis, exposure points on the right) over the
// trend's runs. Coordinates are in the SVG's viewBox units; the template
// only places them.
type svgChart struct {
	Width, Height            int
	Left, Right, Top, Bottom float64
	// Findings and Points are polyline point lists.
	Findings, Points string
	Dots             []svgDot
	XLabels          []svgLabel
	YLeft, YRight    []svgLabel
	Grid             []float64
	Runs             int
}

// svgDot is one run on both lines, with its tooltip.
type svgDot struct {
	X, YFindings, YPoints float64
	Tip                   string
}

// svgLabel is an axis label.
type svgLabel struct {
	X, Y float64
	Text string
}

const (
	chartW, chartH        = 560, 260
	chartLeft, chartRight = 44.0, 516.0
	chartTop, chartBottom = 16.0, 220.0
	chartGridLines        = 4
	chartMaxXLabels       = 7
)

// trendChart lays out points (oldest first) for the template.
func trendChart(points []TrendPoint, loc *time.Location, w htmlWords) svgChart {
	c := svgChart{Width: chartW, Height: chartH, Left: chartLeft, Right: chartRight,
		Top: chartTop, Bottom: chartBottom, Runs: len(points)}
	maxF, maxP := 0, 0
	for _, p := range points {
		maxF, maxP = max(maxF, p.Open), max(maxP, p.Points)
	}
	maxF, maxP = niceCeil(maxF), niceCeil(maxP)
	for i := 0; i <= chartGridLines; i++ {
		y := chartBottom - (chartBottom-chartTop)*float64(i)/chartGridLines
		c.Grid = append(c.Grid, y)
		c.YLeft = append(c.YLeft, svgLabel{X: chartLeft - 6, Y: y + 4, Text: strconv.Itoa(maxF * i / chartGridLines)})
		c.YRight = append(c.YRight, svgLabel{X: chartRight + 6, Y: y + 4, Text: strconv.Itoa(maxP * i / chartGridLines)})
	}
	if len(points) == 0 {
		return c
	}
	x := func(i int) float64 {
		if len(points) == 1 {
			return (chartLeft + chartRight) / 2
		}
		return chartLeft + (chartRight-chartLeft)*float64(i)/float64(len(points)-1)
	}
	y := func(v, top int) float64 { return chartBottom - (chartBottom-chartTop)*float64(v)/float64(top) }
	every := (len(points) + chartMaxXLabels - 1) / chartMaxXLabels
	var fl, pl []string
	for i, p := range points {
		d := svgDot{X: x(i), YFindings: y(p.Open, maxF), YPoints: y(p.Points, maxP),
			Tip: fmt.Sprintf("%s #%d · %s %d · %s %d", p.Day(loc), p.RunID, w.TrendFindings, p.Open, w.TrendPoints, p.Points)}
		c.Dots = append(c.Dots, d)
		fl = append(fl, coord(d.X, d.YFindings))
		pl = append(pl, coord(d.X, d.YPoints))
		if i%every == 0 || i == len(points)-1 {
			c.XLabels = append(c.XLabels, svgLabel{X: d.X, Y: chartBottom + 22,
				Text: p.StartedAt.In(orShanghai(loc)).Format("01-02")})
		}
	}
	// The last label always shows; drop the regular one just before it
	// when the two would overlap.
	if n := len(c.XLabels); n >= 2 && c.XLabels[n-1].X-c.XLabels[n-2].X < 48 {
		c.XLabels = append(c.XLabels[:n-2], c.XLabels[n-1])
	}
	c.Findings, c.Points = strings.Join(fl, " "), strings.Join(pl, " ")
	return c
}

func coord(x, y float64) string {
	return strconv.FormatFloat(x, 'f', 1, 64) + "," + strconv.FormatFloat(y, 'f', 1, 64)
}

// niceCeil rounds v up to chartGridLines times a round step (1, 2, 2.5
// or 5 times a power of ten, whole numbers only), so every axis label is
// a round number: 4, 8, 20, 40, 80, 100, 200, …
func niceCeil(v int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{10, 20, 25, 50} {
			if step := m * p / 10; step*chartGridLines >= v {
				return step * chartGridLines
			}
		}
	}
}
