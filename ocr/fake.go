package ocr

import (
	"context"
	"image"
	"sync/atomic"
)

// Fake is an Engine for tests: Read decides what each image says. It
// counts its calls and is safe for concurrent use when Read is.
type Fake struct {
	// Read returns the text of img; nil reads nothing.
	Read func(img image.Image) (Result, error)
	// ID is returned by Key (default "fake").
	ID    string
	calls atomic.Int64
}

// Recognize calls Read.
func (f *Fake) Recognize(ctx context.Context, img image.Image) (Result, error) {
	f.calls.Add(1)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if f.Read == nil {
		return Result{}, nil
	}
	return f.Read(img)
}

// Key returns ID, or "fake".
func (f *Fake) Key() string {
	if f.ID == "" {
		return "fake"
	}
	return f.ID
}

// Calls returns how many times Recognize was called.
func (f *Fake) Calls() int64 { return f.calls.Load() }
