package ocr

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif"  // GIF: the first frame
	_ "image/jpeg" // JPEG
	_ "image/png"  // PNG

	_ "golang.org/x/image/webp" // WebP
)

// MaxPixels bounds the decoded size of an image (width × height), so a
// small file that claims huge dimensions cannot exhaust memory.
const MaxPixels = 40_000_000

// Decode decodes a JPEG, PNG, GIF (its first frame) or WebP image after
// checking its dimensions against MaxPixels.
func Decode(b []byte) (image.Image, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, "", fmt.Errorf("decode image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, format, fmt.Errorf("decode image: %s %dx%d is larger than %d pixels", format, cfg.Width, cfg.Height, MaxPixels)
	}
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, format, fmt.Errorf("decode %s image: %w", format, err)
	}
	return img, format, nil
}
