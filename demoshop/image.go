package demoshop

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
)

// imageSize is the width and height of every listing image.
const imageSize = 320

// renderImage draws image n of listing id: a solid background in a colour
// of the listing's own, with a pattern that depends on n (stripes, a
// checkerboard, a frame, a centred square). Text stamping into the pixels
// (for OCR-sourced plants) is meant to be added here.
func (s *Shop) renderImage(id, n int) []byte {
	r := s.rng(id, streamImage)
	bg := pastel(r)
	fg := pastel(r)
	fg.R, fg.G, fg.B = fg.R/2, fg.G/2, fg.B/2
	img := image.NewPaletted(image.Rect(0, 0, imageSize, imageSize), color.Palette{bg, fg})
	for y := range imageSize {
		for x := range imageSize {
			if patternAt(n, x, y) {
				img.SetColorIndex(x, y, 1)
			}
		}
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
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
