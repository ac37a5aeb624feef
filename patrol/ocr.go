package patrol

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/ocr"
	"github.com/xundian/xundian/store"
)

// OCROptions configure reading the text stamped on listing images. The
// zero value reads no images (and records the run's image checks as
// disabled).
type OCROptions struct {
	// Engine reads images; nil disables OCR. An engine with a
	// Check(ctx) error method (ocr.Tesseract) is asked once before the
	// crawl whether it can run; if not, the patrol goes on without image
	// text, warns once, and the run records image checks as skipped.
	Engine ocr.Engine
	// Fetcher downloads images (polite client, allowed hosts, size cap).
	Fetcher *ocr.Fetcher
	// MaxImages is how many images per listing are read: the main images
	// first, then description images, a third of the slots kept for
	// description images (default 6; see selectImages).
	MaxImages int
	// Workers is the number of listings whose images are read at once
	// (default: the number of cores).
	Workers int
	// Warn receives the one warning when the engine cannot run.
	Warn func(msg string)
}

// OCRStats is what a run's image reading did.
type OCRStats = store.RunOCR

// checker is implemented by engines that can say whether they can run.
type checker interface {
	Check(ctx context.Context) error
}

// ocrStage reads listing images on a bounded pool of workers, so the crawl
// never waits for OCR: listings with images to read wait in an unbounded
// queue while fetched pages continue; the others are checked at once.
type ocrStage struct {
	opts   OCROptions
	db     *store.DB
	status string
	note   string
	key    string // engine key, "" when OCR is off

	mu     sync.Mutex
	cond   *sync.Cond
	queue  []ocrJob
	closed bool
	wg     sync.WaitGroup

	// incomplete holds the IDs of listings with an image that could not
	// be read: their pages are not put in the page cache, so the next
	// incremental patrol reads them again.
	incomplete sync.Map

	images, calls, hits, failed atomic.Int64
	memo                        sync.Map // image hash -> ocr result, within the run

	// pending are new cache entries, written in batches of cacheBatch
	// (one commit each) and at close.
	pendingMu sync.Mutex
	pending   []store.OCREntry
}

// cacheBatch is how many new OCR results are written per transaction.
const cacheBatch = 200

// remember queues a new cache entry and writes a full batch. The cache is
// an optimisation: a failed write costs a re-read next time, not this
// image's text.
func (s *ocrStage) remember(ctx context.Context, e store.OCREntry) {
	s.pendingMu.Lock()
	s.pending = append(s.pending, e)
	var batch []store.OCREntry
	if len(s.pending) >= cacheBatch {
		batch, s.pending = s.pending, nil
	}
	s.pendingMu.Unlock()
	if batch != nil {
		_ = s.db.SaveOCRBatch(context.WithoutCancel(ctx), batch)
	}
}

// flushCache writes the queued cache entries.
func (s *ocrStage) flushCache(ctx context.Context) {
	s.pendingMu.Lock()
	batch := s.pending
	s.pending = nil
	s.pendingMu.Unlock()
	_ = s.db.SaveOCRBatch(context.WithoutCancel(ctx), batch)
}

// ocrJob is one listing waiting for its images to be read, and what to do
// with it then.
type ocrJob struct {
	l    listing.Listing
	done func(l listing.Listing)
}

// newOCRStage probes the engine; start starts the workers.
func newOCRStage(ctx context.Context, db *store.DB, opts OCROptions) *ocrStage {
	s := &ocrStage{opts: opts, db: db, status: store.OCRStatusOK}
	s.cond = sync.NewCond(&s.mu)
	if opts.Engine == nil || opts.Fetcher == nil {
		s.status, s.note = store.OCRStatusDisabled, "image OCR is disabled (ocr.enabled: false)"
		return s
	}
	if c, ok := opts.Engine.(checker); ok {
		if err := c.Check(ctx); err != nil {
			s.status, s.note = store.OCRStatusSkipped, err.Error()
			if opts.Warn != nil {
				opts.Warn("xundian: warning: image checks skipped: " + s.note + "; run scripts/install-ocr.sh")
			}
			return s
		}
	}
	if s.opts.MaxImages <= 0 {
		s.opts.MaxImages = 6
	}
	s.key = opts.Engine.Key()
	return s
}

// start starts the workers; close must follow.
func (s *ocrStage) start(ctx context.Context) {
	if !s.on() {
		return
	}
	workers := s.opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	for range workers {
		s.wg.Add(1)
		go s.work(ctx)
	}
}

// on reports whether images are read.
func (s *ocrStage) on() bool { return s.status == store.OCRStatusOK }

// imageSelectionVersion changes when selectImages picks other images for
// the same MaxImages: pages checked under the old choice are checked again.
const imageSelectionVersion = 2

// checkKeyPart is what the stage adds to the page-cache check key: pages
// checked without image text (OCR off or unavailable) or under another
// engine setting are checked again once images can be read.
func (s *ocrStage) checkKeyPart() string {
	if !s.on() {
		return "ocr:" + s.status
	}
	return fmt.Sprintf("ocr:%s|max=%d|select=%d", s.key, s.opts.MaxImages, imageSelectionVersion)
}

// submit hands l to done, at once when it has no image to read, else once
// its images are read. It never blocks on OCR.
func (s *ocrStage) submit(l listing.Listing, done func(l listing.Listing)) {
	if !s.on() || len(s.selectImages(&l)) == 0 {
		done(l)
		return
	}
	s.mu.Lock()
	s.queue = append(s.queue, ocrJob{l: l, done: done})
	s.mu.Unlock()
	s.cond.Signal()
}

// close waits until every queued listing is done and the workers stop,
// then writes what is left for the cache.
func (s *ocrStage) close(ctx context.Context) {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cond.Broadcast()
	s.wg.Wait()
	if s.on() {
		s.flushCache(ctx)
	}
}

// stats returns what the stage did.
func (s *ocrStage) stats() OCRStats {
	return OCRStats{
		Status: s.status, Note: s.note,
		Images: int(s.images.Load()), OCRCalls: int(s.calls.Load()),
		CacheHits: int(s.hits.Load()), Failed: int(s.failed.Load()),
	}
}

// complete reports whether every image of the listing that was to be
// read was read (false: its page must not be carried forward next time).
// The writer asks after the listing's OCR finished.
func (s *ocrStage) complete(listingID string) bool {
	_, bad := s.incomplete.Load(listingID)
	return !bad
}

func (s *ocrStage) work(ctx context.Context) {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.cond.Wait()
		}
		if len(s.queue) == 0 {
			s.mu.Unlock()
			return
		}
		j := s.queue[0]
		s.queue[0] = ocrJob{}
		s.queue = s.queue[1:]
		s.mu.Unlock()
		s.read(ctx, &j.l)
		j.done(j.l)
	}
}

// selectImages returns the indexes of l's images to read, at most
// MaxImages: main images first, then description images, with a third of
// the slots (rounded down) kept for description images when the listing
// has them. A shop's five gallery images would otherwise take five of six
// slots and leave one for the detail, where 全国包邮 and 到手价 banners
// usually are; the last gallery image is often a white-background shot
// without text.
func (s *ocrStage) selectImages(l *listing.Listing) []int {
	var mains, descs []int
	for i, im := range l.Images {
		switch {
		case im.URL == "":
		case im.Role == listing.ImageMain || im.Role == "":
			mains = append(mains, i)
		default:
			descs = append(descs, i)
		}
	}
	limit := s.opts.MaxImages
	nMain := min(len(mains), limit-min(len(descs), limit/3))
	nDesc := min(len(descs), limit-nMain)
	return append(mains[:nMain:nMain], descs[:nDesc]...)
}

// read fills Image.Text of l's selected images. An image that cannot be
// read keeps no text and marks the listing incomplete. Once ctx is done,
// nothing more is fetched.
func (s *ocrStage) read(ctx context.Context, l *listing.Listing) {
	for _, i := range s.selectImages(l) {
		s.images.Add(1)
		text, err := s.readImage(ctx, l.URL, l.Images[i].URL)
		if err != nil {
			s.failed.Add(1)
			s.incomplete.Store(l.ID, true)
			continue
		}
		l.Images[i].Text = text
	}
}

// readImage returns the text of the image at ref (resolved against the
// listing page's URL): from the run's memo, the store's cache by content
// hash, or the engine.
func (s *ocrStage) readImage(ctx context.Context, page, ref string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	u := ref
	if base, err := url.Parse(page); err == nil {
		if r, err := base.Parse(ref); err == nil {
			u = r.String()
		}
	}
	b, err := s.opts.Fetcher.Fetch(ctx, u)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	hash := hex.EncodeToString(sum[:])
	if v, ok := s.memo.Load(hash); ok {
		s.hits.Add(1)
		return v.(string), nil
	}
	cached, ok, err := s.db.OCRCached(ctx, hash, s.key)
	if err != nil {
		return "", err
	}
	if ok {
		s.hits.Add(1)
		s.memo.Store(hash, cached.Text)
		return cached.Text, nil
	}
	img, _, err := ocr.Decode(b)
	if err != nil {
		return "", err
	}
	s.calls.Add(1)
	res, err := s.opts.Engine.Recognize(ctx, img)
	if err != nil {
		if errors.Is(err, ocr.ErrUnavailable) {
			return "", err
		}
		return "", fmt.Errorf("ocr %s: %w", u, err)
	}
	t := store.OCRText{Text: res.Text, Words: make([]store.OCRWord, len(res.Words))}
	for i, w := range res.Words {
		t.Words[i] = store.OCRWord{Text: w.Text, Conf: w.Conf}
	}
	s.memo.Store(hash, res.Text)
	s.remember(ctx, store.OCREntry{ImageHash: hash, EngineKey: s.key, OCRText: t})
	return res.Text, nil
}
