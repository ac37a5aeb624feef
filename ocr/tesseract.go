package ocr

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// TesseractOptions configure the Tesseract engine.
type TesseractOptions struct {
	// Command is the tesseract executable, a name looked up in PATH or a
	// path (default "tesseract").
	Command string
	// Languages are Tesseract language codes (default chi_sim, chi_tra).
	Languages []string
	// PSM is the page segmentation mode (default 6: one uniform block of
	// text, which suits banners once the background is removed).
	PSM int
	// MinConfidence drops words recognized with a lower confidence, 0–100
	// (default 0: keep every word).
	MinConfidence float64
}

// Tesseract runs the tesseract command on preprocessed images. It needs no
// cgo: each Recognize is one process reading a PNG on stdin and writing TSV
// on stdout. It is safe for concurrent use.
type Tesseract struct {
	opts TesseractOptions

	once    sync.Once
	path    string
	version string
	err     error
}

// NewTesseract returns the engine for opts, with defaults filled in. It
// does not look for the command yet: Check does.
func NewTesseract(opts TesseractOptions) *Tesseract {
	if opts.Command == "" {
		opts.Command = "tesseract"
	}
	if len(opts.Languages) == 0 {
		opts.Languages = []string{"chi_sim", "chi_tra"}
	}
	if opts.PSM == 0 {
		opts.PSM = 6
	}
	return &Tesseract{opts: opts}
}

// Check reports whether the engine can run: the command exists, runs, and
// has the configured languages. The answer is computed once; a missing
// command or language is wrapped in ErrUnavailable.
func (t *Tesseract) Check(ctx context.Context) error {
	t.once.Do(func() {
		path, err := exec.LookPath(t.opts.Command)
		if err != nil {
			t.err = fmt.Errorf("%w: tesseract command %q not found: %v", ErrUnavailable, t.opts.Command, err)
			return
		}
		out, err := exec.CommandContext(ctx, path, "--list-langs").CombinedOutput()
		if err != nil {
			t.err = fmt.Errorf("%w: %s --list-langs: %v", ErrUnavailable, path, err)
			return
		}
		have := map[string]bool{}
		for _, l := range strings.Fields(string(out)) {
			have[l] = true
		}
		for _, l := range t.opts.Languages {
			if !have[l] {
				t.err = fmt.Errorf("%w: tesseract has no %s language data (install tesseract-ocr-%s)",
					ErrUnavailable, l, strings.ReplaceAll(l, "_", "-"))
				return
			}
		}
		v, _ := exec.CommandContext(ctx, path, "--version").CombinedOutput()
		t.path = path
		t.version, _, _ = strings.Cut(string(v), "\n")
	})
	return t.err
}

// Key names the engine, its version and the settings that change what it
// reads.
func (t *Tesseract) Key() string {
	return fmt.Sprintf("%s|l=%s|psm=%d|conf=%g|pre=%d", strings.TrimSpace(t.version),
		strings.Join(t.opts.Languages, "+"), t.opts.PSM, t.opts.MinConfidence, PreprocessVersion)
}

// Recognize preprocesses img (Preprocess) and reads it with tesseract.
func (t *Tesseract) Recognize(ctx context.Context, img image.Image) (Result, error) {
	if err := t.Check(ctx); err != nil {
		return Result{}, err
	}
	pre, ok := Preprocess(img)
	if !ok {
		return Result{}, nil // no text-like rows: nothing to read
	}
	var in bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&in, pre); err != nil {
		return Result{}, fmt.Errorf("tesseract: encode: %w", err)
	}
	cmd := exec.CommandContext(ctx, t.path, "stdin", "stdout",
		"-l", strings.Join(t.opts.Languages, "+"), "--psm", strconv.Itoa(t.opts.PSM), "tsv")
	cmd.Stdin = &in
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	// One thread per process: the patrol runs one process per core.
	cmd.Env = append(cmd.Environ(), "OMP_THREAD_LIMIT=1")
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return Result{}, fmt.Errorf("tesseract: %v: %s", err, strings.TrimSpace(stderr.String()))
		}
		return Result{}, fmt.Errorf("tesseract: %w", err)
	}
	return ParseTSV(out.Bytes(), t.opts.MinConfidence)
}

// ParseTSV reads tesseract's TSV output (level, page_num, block_num,
// par_num, line_num, word_num, left, top, width, height, conf, text) and
// returns the words (level 5) whose confidence is at least minConf, in
// reading order, grouped into lines.
//
// A dropped word ends its line: the words after it start a new one, so two
// confident words are never spliced across an uncertain one that stood
// between them.
func ParseTSV(tsv []byte, minConf float64) (Result, error) {
	type lineKey struct{ page, block, par, line int }
	var lines [][]Word
	var cur []Word
	var curKey lineKey
	flush := func() {
		if len(cur) > 0 {
			lines = append(lines, cur)
		}
		cur = nil
	}
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	first := true
	for sc.Scan() {
		row := sc.Text()
		if first {
			first = false
			if strings.HasPrefix(row, "level") {
				continue
			}
		}
		if strings.TrimSpace(row) == "" {
			continue
		}
		f := strings.Split(row, "\t")
		if len(f) < 12 {
			return Result{}, fmt.Errorf("tesseract tsv: %d fields in %q, want 12", len(f), row)
		}
		if f[0] != "5" {
			continue
		}
		var k lineKey
		for i, p := range []*int{&k.page, &k.block, &k.par, &k.line} {
			n, err := strconv.Atoi(f[1+i])
			if err != nil {
				return Result{}, fmt.Errorf("tesseract tsv: field %d of %q: %w", 2+i, row, err)
			}
			*p = n
		}
		conf, err := strconv.ParseFloat(f[10], 64)
		if err != nil {
			return Result{}, fmt.Errorf("tesseract tsv: conf of %q: %w", row, err)
		}
		text := strings.TrimSpace(strings.Join(f[11:], "\t"))
		if text == "" {
			continue
		}
		if k != curKey {
			flush()
			curKey = k
		}
		if conf < minConf {
			flush()
			continue
		}
		cur = append(cur, Word{Text: text, Conf: conf})
	}
	if err := sc.Err(); err != nil {
		return Result{}, fmt.Errorf("tesseract tsv: %w", err)
	}
	flush()
	return joinLines(lines), nil
}
