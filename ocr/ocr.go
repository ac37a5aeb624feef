// Package ocr reads the text stamped on listing images: it decodes and
// size-checks the image bytes, prepares banner text for recognition
// (grayscale, upscaling, polarity and background normalization, a
// threshold), and runs an Engine — the tesseract command, or a fake in
// tests — keeping only the words recognized with enough confidence.
//
// Nothing here needs cgo or libtesseract to compile: the Tesseract engine
// runs the tesseract executable (scripts/install-ocr.sh installs it).
package ocr

import (
	"context"
	"errors"
	"image"
	"strings"
)

// Word is one recognized word and the engine's confidence in it, 0–100.
type Word struct {
	Text string  `json:"text"`
	Conf float64 `json:"conf"`
}

// Result is what an engine read in one image: the kept words, and Text,
// the words joined line by line. Lines are separated by a newline; words
// on a line are joined directly (Tesseract splits Chinese into single
// characters: 到 手 价 is 到手价), with a space only between two words
// that meet with ASCII letters or digits (Hello Kitty).
type Result struct {
	Text  string `json:"text"`
	Words []Word `json:"words"`
}

// Engine recognizes the text in an image.
type Engine interface {
	// Recognize reads img. The error is for an engine that could not run
	// (ErrUnavailable when it is not installed), not for an image without
	// text, which is an empty Result.
	Recognize(ctx context.Context, img image.Image) (Result, error)
	// Key names the engine and every setting that changes what it reads
	// (languages, page segmentation, confidence threshold, preprocessing
	// version), for caching results by image content.
	Key() string
}

// ErrUnavailable is returned (wrapped) by an engine that cannot run here,
// e.g. because the tesseract command is not installed.
var ErrUnavailable = errors.New("ocr engine unavailable")

// joinLines builds Result.Text from lines of words.
func joinLines(lines [][]Word) Result {
	var r Result
	var b strings.Builder
	for _, line := range lines {
		if len(line) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		for i, w := range line {
			if i > 0 && asciiAlnum(line[i-1].Text[len(line[i-1].Text)-1]) && asciiAlnum(w.Text[0]) {
				b.WriteByte(' ')
			}
			b.WriteString(w.Text)
			r.Words = append(r.Words, w)
		}
	}
	r.Text = b.String()
	return r
}

func asciiAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
