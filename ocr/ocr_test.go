package ocr

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseTSV(t *testing.T) {
	const header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
	row := func(line, word int, conf, text string) string {
		return "5\t1\t1\t1\t" + itoa(line) + "\t" + itoa(word) + "\t0\t0\t10\t10\t" + conf + "\t" + text + "\n"
	}
	tests := []struct {
		name    string
		tsv     string
		minConf float64
		want    Result
	}{
		{
			name: "CJK words joined, lines split",
			tsv: header + "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n" +
				row(1, 1, "93.1", "到") + row(1, 2, "91", "手") + row(1, 3, "92.5", "价") + row(1, 4, "88", "#59") +
				row(2, 1, "90", "满") + row(2, 2, "91", "99") + row(2, 3, "95", "包邮"),
			want: Result{Text: "到手价#59\n满99包邮", Words: []Word{
				{"到", 93.1}, {"手", 91}, {"价", 92.5}, {"#59", 88}, {"满", 90}, {"99", 91}, {"包邮", 95}}},
		},
		{
			name: "ASCII words keep a space",
			tsv:  header + row(1, 1, "90", "Hello") + row(1, 2, "90", "Kitty") + row(1, 3, "90", "联名"),
			want: Result{Text: "Hello Kitty联名", Words: []Word{{"Hello", 90}, {"Kitty", 90}, {"联名", 90}}},
		},
		{
			name: "a dropped word splits its line",
			tsv:  header + row(1, 1, "12", "不") + row(1, 2, "93", "包") + row(1, 3, "80", "邮") + row(2, 1, "5", "噪"),
			// 不 is uncertain: 包邮 stands alone, never spliced to what
			// came before it.
			minConf: 30,
			want:    Result{Text: "包邮", Words: []Word{{"包", 93}, {"邮", 80}}},
		},
		{
			name:    "middle word dropped",
			tsv:     header + row(1, 1, "90", "全网") + row(1, 2, "10", "?") + row(1, 3, "90", "最低"),
			minConf: 30,
			want:    Result{Text: "全网\n最低", Words: []Word{{"全网", 90}, {"最低", 90}}},
		},
		{name: "empty", tsv: header, want: Result{}},
		{name: "no header", tsv: row(1, 1, "90", "包邮"), want: Result{Text: "包邮", Words: []Word{{"包邮", 90}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTSV([]byte(tt.tsv), tt.minConf)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseTSV (-want +got):\n%s", diff)
			}
		})
	}
	for _, bad := range []string{"5\t1\t1\n", header + "5\tx\t1\t1\t1\t1\t0\t0\t1\t1\t90\ta\n", header + "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\tnan?\ta\n"} {
		if _, err := ParseTSV([]byte(bad), 0); err == nil {
			t.Errorf("ParseTSV(%q): no error", bad)
		}
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

// banner draws a 320×320 image: diagonal stripes, and across rows
// [top, top+40) a band (bandFn gives its colour at x) with "strokes" in
// ink: 4-pixel bars 6 pixels apart, like the strokes of a line of text.
func banner(top int, bandFn func(x int) color.Gray, ink color.Gray) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, 320, 320))
	for y := range 320 {
		for x := range 320 {
			c := color.Gray{200}
			if (x+y)/20%2 == 0 {
				c = color.Gray{90}
			}
			if y >= top && y < top+40 {
				c = bandFn(x)
				if x >= 60 && x < 260 && y >= top+8 && y < top+32 && (x-60)%10 < 4 {
					c = ink
				}
			}
			img.SetGray(x, y, c)
		}
	}
	return img
}

// inkRows returns the rows of img that have black pixels.
func inkRows(img *image.Gray) (first, last int) {
	first, last = -1, -1
	for y := range img.Rect.Dy() {
		for x := range img.Rect.Dx() {
			if img.GrayAt(x, y).Y == 0 {
				if first < 0 {
					first = y
				}
				last = y
				break
			}
		}
	}
	return first, last
}

func TestPreprocess(t *testing.T) {
	gradient := func(x int) color.Gray { return color.Gray{uint8(205 + 25*x/320)} }
	tests := []struct {
		name string
		img  *image.Gray
	}{
		{"dark text on white", banner(100, func(int) color.Gray { return color.Gray{255} }, color.Gray{20})},
		{"white text on red", banner(180, func(int) color.Gray { return color.Gray{80} }, color.Gray{255})},
		{"white text on a light gradient", banner(40, gradient, color.Gray{255})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, ok := Preprocess(tt.img)
			if !ok {
				t.Fatal("Preprocess found no text band")
			}
			// One band, upscaled: its bars must come out black, the band
			// white, so black pixels are the minority and form bars.
			black, bars := 0, 0
			y := out.Rect.Dy() / 2
			prev := uint8(255)
			for x := range out.Rect.Dx() {
				v := out.GrayAt(x, y).Y
				if v != 0 && v != 255 {
					t.Fatalf("pixel %d,%d = %d, want black or white", x, y, v)
				}
				if v == 0 {
					black++
					if prev == 255 {
						bars++
					}
				}
				prev = v
			}
			if bars != 20 {
				t.Errorf("middle row crosses %d black bars, want 20 (text black on white)", bars)
			}
			if black*2 > out.Rect.Dx() {
				t.Errorf("middle row is %d of %d black: polarity inverted", black, out.Rect.Dx())
			}
			if f, l := inkRows(out); f < pad || l > out.Rect.Dy()-pad {
				t.Errorf("ink rows %d…%d reach the %d-pixel margin", f, l, pad)
			}
		})
	}

	t.Run("patterns only", func(t *testing.T) {
		img := banner(0, func(int) color.Gray { return color.Gray{200} }, color.Gray{200})
		for y := range 40 {
			for x := range 320 {
				img.SetGray(x, y, color.Gray{200})
			}
		}
		if _, ok := Preprocess(img); ok {
			t.Error("Preprocess found text in stripes")
		}
		if _, ok := Preprocess(image.NewRGBA(image.Rect(0, 0, 50, 50))); ok {
			t.Error("Preprocess found text in a blank image")
		}
	})
}

func TestOtsu(t *testing.T) {
	v := append(bytes.Repeat([]byte{30}, 100), bytes.Repeat([]byte{220}, 300)...)
	if got := otsu(v); got <= 30 || got > 220 {
		t.Errorf("otsu = %d, want a threshold in (30, 220]", got)
	}
}

func TestDecode(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 8, 6))
	var pngB, jpgB, gifB bytes.Buffer
	if err := png.Encode(&pngB, src); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&jpgB, src, nil); err != nil {
		t.Fatal(err)
	}
	pal := image.NewPaletted(image.Rect(0, 0, 8, 6), color.Palette{color.White, color.Black})
	frame2 := image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.White, color.Black})
	if err := gif.EncodeAll(&gifB, &gif.GIF{Image: []*image.Paletted{pal, frame2}, Delay: []int{0, 0}}); err != nil {
		t.Fatal(err)
	}
	webpB, err := os.ReadFile("testdata/gopher.webp")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		b      []byte
		format string
	}{
		{"png", pngB.Bytes(), "png"}, {"jpeg", jpgB.Bytes(), "jpeg"}, {"gif first frame", gifB.Bytes(), "gif"},
		{"webp", webpB, "webp"},
	} {
		img, format, err := Decode(tt.b)
		if err != nil {
			t.Errorf("Decode(%s): %v", tt.name, err)
			continue
		}
		if format != tt.format {
			t.Errorf("Decode(%s) format = %q, want %q", tt.name, format, tt.format)
		}
		if tt.format != "webp" && img.Bounds().Dx() != 8 {
			t.Errorf("Decode(%s) width = %d, want 8 (the first frame)", tt.name, img.Bounds().Dx())
		}
	}
	if _, _, err := Decode([]byte("not an image")); err == nil {
		t.Error("Decode(garbage): no error")
	}
	if _, _, err := Decode(hugePNGHeader(100_000, 100_000)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Decode(100000×100000 PNG) = %v, want a size error", err)
	}
}

// hugePNGHeader is a PNG signature and IHDR claiming w×h pixels.
func hugePNGHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit grayscale
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestFake(t *testing.T) {
	f := &Fake{Read: func(img image.Image) (Result, error) {
		if img.Bounds().Dx() == 1 {
			return Result{}, errors.New("boom")
		}
		return Result{Text: "包邮"}, nil
	}}
	ctx := t.Context()
	if r, err := f.Recognize(ctx, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil || r.Text != "包邮" {
		t.Errorf("Recognize = %+v, %v", r, err)
	}
	if _, err := f.Recognize(ctx, image.NewGray(image.Rect(0, 0, 1, 1))); err == nil {
		t.Error("Recognize: no error from Read")
	}
	if f.Calls() != 2 || f.Key() != "fake" {
		t.Errorf("Calls = %d, Key = %q", f.Calls(), f.Key())
	}
}

func TestFetcher(t *testing.T) {
	var gotUA, gotHeader string
	mux := http.NewServeMux()
	mux.HandleFunc("/a.png", func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotHeader = r.UserAgent(), r.Header.Get("X-Shop")
		w.Write([]byte("small"))
	})
	mux.HandleFunc("/big.png", func(w http.ResponseWriter, r *http.Request) { w.Write(bytes.Repeat([]byte("x"), 5000)) })
	mux.HandleFunc("/gone.png", http.NotFound)
	mux.HandleFunc("/away.png", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://elsewhere.invalid/x.png", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	allowed := func(u *url.URL) bool { return u.Host == base.Host }
	f := &Fetcher{
		Client: NewClient(5*time.Second, allowed), UserAgent: "xundian-test", Headers: map[string]string{"X-Shop": "1"},
		Allowed: allowed, MaxBytes: 1024, Delay: time.Millisecond,
	}
	ctx := t.Context()
	b, err := f.Fetch(ctx, srv.URL+"/a.png")
	if err != nil || string(b) != "small" {
		t.Fatalf("Fetch = %q, %v", b, err)
	}
	if gotUA != "xundian-test" || gotHeader != "1" {
		t.Errorf("request had User-Agent %q, X-Shop %q", gotUA, gotHeader)
	}
	for _, tt := range []struct{ path, want string }{
		{"/big.png", "more than 1024"},
		{"/gone.png", "HTTP 404"},
		{"/away.png", "not allowed"},
	} {
		if _, err := f.Fetch(ctx, srv.URL+tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Fetch(%s) = %v, want an error with %q", tt.path, err, tt.want)
		}
	}
	for _, u := range []string{"http://other.invalid/a.png", "file:///etc/passwd"} {
		if _, err := f.Fetch(ctx, u); !errors.Is(err, ErrNotAllowed) {
			t.Errorf("Fetch(%s) = %v, want ErrNotAllowed", u, err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := f.Fetch(cctx, srv.URL+"/a.png"); err == nil {
		t.Error("Fetch with a cancelled context: no error")
	}
}

func TestTesseractUnavailable(t *testing.T) {
	e := NewTesseract(TesseractOptions{Command: "/nonexistent/tesseract"})
	if err := e.Check(t.Context()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Check = %v, want ErrUnavailable", err)
	}
	if _, err := e.Recognize(t.Context(), image.NewGray(image.Rect(0, 0, 4, 4))); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Recognize = %v, want ErrUnavailable", err)
	}
}

func TestToGrayFastPaths(t *testing.T) {
	rgba := image.NewRGBA(image.Rect(2, 3, 7, 6))
	for y := 3; y < 6; y++ {
		for x := 2; x < 7; x++ {
			rgba.Set(x, y, color.RGBA{uint8(40 * x), uint8(30 * y), uint8(x * y), 255})
		}
	}
	pal := image.NewPaletted(rgba.Bounds(), color.Palette{color.RGBA{200, 10, 10, 255}, color.White})
	nrgba := image.NewNRGBA(rgba.Bounds())
	ycc := image.NewYCbCr(rgba.Bounds(), image.YCbCrSubsampleRatio420)
	for i := range ycc.Cb {
		ycc.Cb[i], ycc.Cr[i] = 128, 128 // neutral chroma: Y is the luma
	}
	for y := 3; y < 6; y++ {
		for x := 2; x < 7; x++ {
			pal.SetColorIndex(x, y, uint8((x+y)%2))
			nrgba.Set(x, y, rgba.At(x, y))
			ycc.Y[ycc.YOffset(x, y)] = uint8(7 * x * y)
		}
	}
	for _, img := range []image.Image{rgba, pal, nrgba, ycc} {
		got := toGray(img)
		for y := 3; y < 6; y++ {
			for x := 2; x < 7; x++ {
				want := color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
				if d := int(got.at(x-2, y-3)) - int(want); d < -1 || d > 1 {
					t.Errorf("%T: toGray at %d,%d = %d, want %d", img, x, y, got.at(x-2, y-3), want)
				}
			}
		}
	}
}
