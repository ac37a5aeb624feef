package ocr

import (
	"image"
	"image/color"
)

// PreprocessVersion changes whenever Preprocess changes what it produces,
// so results cached under an older version are not reused.
const PreprocessVersion = 1

// Preprocessing parameters, in pixels of the original image unless said.
const (
	// edgeStep is the smallest luma step counted as an edge: low enough
	// for white text on a light gradient (a contrast of ~25).
	edgeStep = 12
	// minRowRuns is how many short runs (strokes, gaps between strokes)
	// make a row a text row.
	minRowRuns = 4
	// upscaleTo is the height a text band is upscaled towards (at most
	// maxScale times).
	upscaleTo = 160
	maxScale  = 4
	// pad is the white margin around and between bands in the output.
	pad = 24
)

// gray is an 8-bit grayscale raster.
type gray struct {
	w, h int
	p    []uint8
}

func (g *gray) at(x, y int) uint8 { return g.p[y*g.w+x] }

// band is a horizontal strip of an image that holds text.
type band struct{ x0, y0, x1, y1 int }

// Preprocess turns a listing image into what a text engine reads best:
// its text bands, each dark text on white, black and white, upscaled, and
// stacked with white space between them. It returns false when the image
// has no text-like rows, so no engine needs to run.
//
//  1. grayscale (luma);
//  2. text rows: a row of text crosses many short runs between edges
//     (strokes and the gaps between them, at most minDim/32 wide), while
//     patterns, gradients and photos' large shapes give long runs. Text
//     rows are merged into bands, and each band is cut to the columns
//     its short runs span, plus a margin;
//  3. each band is upscaled (bilinear) towards 160 pixels high, split by
//     Otsu's threshold, and inverted when the lighter class is the
//     minority: text is the minority of a band, so white text on a red or
//     light gradient band comes out black on white like dark text does.
func Preprocess(img image.Image) (*image.Gray, bool) {
	g := toGray(img)
	bands := textBands(g)
	if len(bands) == 0 {
		return nil, false
	}
	var crops []*gray
	w, h := 0, pad
	for _, b := range bands {
		c := crop(g, b)
		if f := min(maxScale, max(1, upscaleTo/c.h)); f > 1 {
			c = upscale(c, f)
		}
		binarize(c)
		crops = append(crops, c)
		w = max(w, c.w)
		h += c.h + pad
	}
	out := image.NewGray(image.Rect(0, 0, w+2*pad, h))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	y := pad
	for _, c := range crops {
		for cy := range c.h {
			copy(out.Pix[(y+cy)*out.Stride+pad:], c.p[cy*c.w:(cy+1)*c.w])
		}
		y += c.h + pad
	}
	return out, true
}

// textBands finds the horizontal bands of g that hold text.
func textBands(g *gray) []band {
	maxRun := max(6, min(g.w, g.h)/32)
	type row struct {
		runs   int
		x0, x1 int // the span of the row's edges
	}
	rows := make([]row, g.h)
	for y := range g.h {
		r := row{x0: g.w, x1: -1}
		last := -1 // x of the previous edge
		for x := 1; x < g.w; x++ {
			d := int(g.at(x, y)) - int(g.at(x-1, y))
			if d < edgeStep && d > -edgeStep {
				continue
			}
			// a run of steep steps (an anti-aliased edge) is one edge
			if last == x-1 {
				last = x
				continue
			}
			if last >= 0 && x-last <= maxRun {
				r.runs++
			}
			r.x0, r.x1 = min(r.x0, x), max(r.x1, x)
			last = x
		}
		rows[y] = r
	}
	gap := max(2, min(g.w, g.h)/64)
	margin := max(4, min(g.w, g.h)/80)
	var out []band
	for y := 0; y < g.h; {
		if rows[y].runs < minRowRuns {
			y++
			continue
		}
		b := band{x0: rows[y].x0, x1: rows[y].x1, y0: y, y1: y + 1}
		for y2 := y + 1; y2 < g.h && y2 <= b.y1+gap; y2++ {
			if rows[y2].runs >= minRowRuns {
				b.y1 = y2 + 1
				b.x0, b.x1 = min(b.x0, rows[y2].x0), max(b.x1, rows[y2].x1)
			}
		}
		y = b.y1
		if b.y1-b.y0 < 6 {
			continue // a thin line or texture, not a line of text
		}
		// Thin horizontal strokes (一, the top of 不) cross no short
		// run: widen the band by a quarter of its height.
		grow := max(margin/2, (b.y1-b.y0)/4)
		b.x0, b.x1 = max(0, b.x0-margin), min(g.w, b.x1+margin)
		b.y0, b.y1 = max(0, b.y0-grow), min(g.h, b.y1+grow)
		out = append(out, b)
	}
	return out
}

// crop copies the band b of g.
func crop(g *gray, b band) *gray {
	c := &gray{w: b.x1 - b.x0, h: b.y1 - b.y0}
	c.p = make([]uint8, c.w*c.h)
	for y := range c.h {
		copy(c.p[y*c.w:(y+1)*c.w], g.p[(b.y0+y)*g.w+b.x0:(b.y0+y)*g.w+b.x1])
	}
	return c
}

// binarize thresholds g in place at Otsu's threshold, the minority class
// black and the majority white.
func binarize(g *gray) {
	t := otsu(g.p)
	light := 0
	for _, v := range g.p {
		if v >= t {
			light++
		}
	}
	lightIsText := light*2 < len(g.p)
	for i, v := range g.p {
		if (v >= t) == lightIsText {
			g.p[i] = 0
		} else {
			g.p[i] = 255
		}
	}
}

// toGray converts img to luma, with fast paths for the decoders' usual
// types (a generic At per pixel is slow).
func toGray(img image.Image) *gray {
	b := img.Bounds()
	g := &gray{w: b.Dx(), h: b.Dy(), p: make([]uint8, b.Dx()*b.Dy())}
	switch src := img.(type) {
	case *image.Gray:
		for y := range g.h {
			i := src.PixOffset(b.Min.X, b.Min.Y+y)
			copy(g.p[y*g.w:(y+1)*g.w], src.Pix[i:i+g.w])
		}
	case *image.YCbCr:
		for y := range g.h {
			i := src.YOffset(b.Min.X, b.Min.Y+y)
			copy(g.p[y*g.w:(y+1)*g.w], src.Y[i:i+g.w])
		}
	case *image.Paletted:
		lum := make([]uint8, len(src.Palette))
		for i, c := range src.Palette {
			lum[i] = color.GrayModel.Convert(c).(color.Gray).Y
		}
		for y := range g.h {
			i := src.PixOffset(b.Min.X, b.Min.Y+y)
			for x, ci := range src.Pix[i : i+g.w] {
				if int(ci) < len(lum) {
					g.p[y*g.w+x] = lum[ci]
				}
			}
		}
	case *image.RGBA:
		for y := range g.h {
			i := src.PixOffset(b.Min.X, b.Min.Y+y)
			row := src.Pix[i : i+4*g.w]
			for x := range g.w {
				g.p[y*g.w+x] = luma(row[4*x], row[4*x+1], row[4*x+2])
			}
		}
	case *image.NRGBA:
		for y := range g.h {
			i := src.PixOffset(b.Min.X, b.Min.Y+y)
			row := src.Pix[i : i+4*g.w]
			for x := range g.w {
				// Transparent pixels show the page behind: white.
				a := uint32(row[4*x+3])
				l := uint32(luma(row[4*x], row[4*x+1], row[4*x+2]))
				g.p[y*g.w+x] = uint8((l*a + 255*(255-a)) / 255)
			}
		}
	default:
		for y := range g.h {
			for x := range g.w {
				g.p[y*g.w+x] = color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
			}
		}
	}
	return g
}

// luma is color.GrayModel's weighting of 8-bit R, G, B.
func luma(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// upscale enlarges g by an integer factor with bilinear interpolation.
func upscale(g *gray, f int) *gray {
	out := &gray{w: g.w * f, h: g.h * f, p: make([]uint8, g.w*f*g.h*f)}
	for y := range out.h {
		sy := (float64(y)+0.5)/float64(f) - 0.5
		y0 := max(0, int(sy))
		y1 := min(g.h-1, y0+1)
		fy := max(0, sy-float64(y0))
		for x := range out.w {
			sx := (float64(x)+0.5)/float64(f) - 0.5
			x0 := max(0, int(sx))
			x1 := min(g.w-1, x0+1)
			fx := max(0, sx-float64(x0))
			top := float64(g.at(x0, y0))*(1-fx) + float64(g.at(x1, y0))*fx
			bot := float64(g.at(x0, y1))*(1-fx) + float64(g.at(x1, y1))*fx
			out.p[y*out.w+x] = uint8(top*(1-fy) + bot*fy + 0.5)
		}
	}
	return out
}

// otsu returns the threshold that best splits the values of v into two
// classes (Otsu's method): the classes are < t and >= t.
func otsu(v []uint8) uint8 {
	var hist [256]int
	for _, x := range v {
		hist[x]++
	}
	total, sum := 0, 0.0
	for i, c := range hist {
		total += c
		sum += float64(i * c)
	}
	if total == 0 {
		return 0
	}
	var best float64
	var t uint8
	wB, sumB := 0, 0.0
	for i, c := range hist {
		wB += c
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(i * c)
		mB, mF := sumB/float64(wB), (sum-sumB)/float64(wF)
		if between := float64(wB) * float64(wF) * (mB - mF) * (mB - mF); between > best {
			best, t = between, uint8(i+1)
		}
	}
	return t
}
