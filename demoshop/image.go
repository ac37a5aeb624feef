package demoshop

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math/rand/v2"
	"os"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// imageSize is the width and height of every listing image.
const imageSize = 320

// DefaultFontPath is where Debian's fonts-noto-cjk puts the bold Noto Sans
// CJK collection (scripts/install-ocr.sh installs it): shops stamp claims
// in bold, and Tesseract reads bold banner text more reliably.
const DefaultFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"

// renderImage draws image n of listing id: a solid background in a colour
// of the listing's own, with a pattern that depends on n (stripes, a
// checkerboard, a frame, a centred square). With a font, an image that
// carries a stamped claim (imageplants.go) gets a banner with the claim's
// text.
func (s *Shop) renderImage(id, n int) []byte {
	r := s.rng(id, streamImage)
	bg := pastel(r)
	fg := pastel(r)
	fg.R, fg.G, fg.B = fg.R/2, fg.G/2, fg.B/2
	img := image.NewPaletted(image.Rect(0, 0, imageSize, imageSize), color.Palette{bg, fg})
	for y := range imageSize {
		row := img.Pix[y*img.Stride : y*img.Stride+imageSize]
		for x := range row {
			if patternAt(n, x, y) {
				row[x] = 1
			}
		}
	}
	var out image.Image = img
	if s.font != nil {
		if st, ok := s.gen(id).stampOn(n); ok {
			out = s.font.stamp(img, st, s.rng(id, streamStamp+uint64(n)<<8))
		}
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, out); err != nil {
		panic(err) // encoding to memory cannot fail
	}
	return b.Bytes()
}

// pastel picks a light colour.
func pastel(r *rand.Rand) color.RGBA {
	return color.RGBA{uint8(150 + r.IntN(100)), uint8(150 + r.IntN(100)), uint8(150 + r.IntN(100)), 255}
}

// patternAt reports whether pixel (x, y) of image n is foreground.
func patternAt(n, x, y int) bool {
	switch n % 4 {
	case 1: // diagonal stripes
		return (x+y)/20%2 == 0
	case 2: // checkerboard
		return (x/40+y/40)%2 == 0
	case 3: // frame
		return x < 16 || y < 16 || x >= imageSize-16 || y >= imageSize-16
	}
	// centred square
	return x >= 100 && x < 220 && y >= 100 && y < 220
}

// stampFont is the parsed font claims are stamped with. A *sfnt.Font is
// safe for concurrent use; a face is made per image.
type stampFont struct {
	f *sfnt.Font
}

// stampFonts caches parsed fonts by path: a CJK collection is ~20 MB, and
// tests make many shops.
var stampFonts sync.Map // path -> *stampFont

// loadStampFont parses the font at path; for a collection it takes the
// Simplified Chinese face (Noto Sans CJK SC), else the first.
func loadStampFont(path string) (*stampFont, error) {
	if f, ok := stampFonts.Load(path); ok {
		return f.(*stampFont), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("stamp font: %w", err)
	}
	coll, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, fmt.Errorf("stamp font %s: %w", path, err)
	}
	var chosen *sfnt.Font
	for i := range coll.NumFonts() {
		f, err := coll.Font(i)
		if err != nil {
			return nil, fmt.Errorf("stamp font %s: %w", path, err)
		}
		if chosen == nil {
			chosen = f
		}
		if name, err := f.Name(nil, sfnt.NameIDFamily); err == nil && name == "Noto Sans CJK SC" {
			chosen = f
			break
		}
	}
	if chosen == nil {
		return nil, fmt.Errorf("stamp font %s: no font in file", path)
	}
	sf := &stampFont{f: chosen}
	actual, _ := stampFonts.LoadOrStore(path, sf)
	return actual.(*stampFont), nil
}

// Banner geometry: text is at most stampWidth wide and between
// stampMinSize and stampMaxSize pixels high, on a band with a margin.
const (
	stampWidth   = imageSize - 32
	stampMaxSize = 44
	stampMinSize = 26
)

// stamp draws st's text on a banner across base, in st's style, at a
// height r picks.
func (sf *stampFont) stamp(base image.Image, st stamp, r *rand.Rand) image.Image {
	img := image.NewRGBA(base.Bounds())
	draw.Draw(img, img.Bounds(), base, image.Point{}, draw.Src)

	size := float64(stampMaxSize)
	var face font.Face
	var width fixed.Int26_6
	for {
		f, err := opentype.NewFace(sf.f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			panic(err) // sizes are fixed and valid
		}
		width = font.MeasureString(f, st.text)
		if width.Ceil() <= stampWidth || size <= stampMinSize {
			face = f
			break
		}
		f.Close()
		size -= 2
	}
	defer face.Close()

	bandH := int(size * 1.7)
	top := 24 + r.IntN(imageSize-bandH-48)
	band := image.Rect(0, top, imageSize, top+bandH)
	var ink color.Color
	switch st.style {
	case styleRedBand:
		draw.Draw(img, band, image.NewUniform(color.RGBA{200, 28, 36, 255}), image.Point{}, draw.Src)
		ink = color.White
	case styleWhiteBand:
		draw.Draw(img, band, image.NewUniform(color.White), image.Point{}, draw.Src)
		ink = color.RGBA{24, 24, 24, 255}
	default: // styleGradient: light pink to light yellow, white text
		for x := range imageSize {
			t := float64(x) / imageSize
			c := color.RGBA{uint8(238 + 12*t), uint8(196 + 34*t), uint8(186 - 16*t), 255}
			draw.Draw(img, image.Rect(x, top, x+1, top+bandH), image.NewUniform(c), image.Point{}, draw.Src)
		}
		ink = color.White
	}
	m := face.Metrics()
	baseline := top + (bandH+m.Ascent.Ceil()-m.Descent.Ceil())/2
	d := font.Drawer{
		Dst:  img,
		Src:  image.NewUniform(ink),
		Face: face,
		Dot:  fixed.P((imageSize-width.Ceil())/2, baseline),
	}
	d.DrawString(st.text)
	return img
}

// InstalledFont returns DefaultFontPath when that font is installed, else
// "": the demo stamps image claims (and plants image-only violations in its
// truth) only when it can draw them.
func InstalledFont() string {
	if _, err := os.Stat(DefaultFontPath); err != nil {
		return ""
	}
	return DefaultFontPath
}
