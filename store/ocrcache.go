package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// OCRText is the text an OCR engine read in one image, and its words.
type OCRText struct {
	Text  string    `json:"text"`
	Words []OCRWord `json:"words"`
}

// OCRWord is one recognized word and its confidence, 0–100.
type OCRWord struct {
	Text string  `json:"text"`
	Conf float64 `json:"conf"`
}

// OCRCached returns the text cached for the image whose bytes hash to
// imageHash (SHA-256, hex) under engineKey, and whether there is one.
func (db *DB) OCRCached(ctx context.Context, imageHash, engineKey string) (OCRText, bool, error) {
	var text, words string
	err := db.sql.QueryRowContext(ctx,
		"SELECT text, words FROM ocr_cache WHERE image_hash = ? AND engine_key = ?",
		imageHash, engineKey).Scan(&text, &words)
	if errors.Is(err, sql.ErrNoRows) {
		return OCRText{}, false, nil
	}
	if err != nil {
		return OCRText{}, false, fmt.Errorf("read ocr cache: %w", err)
	}
	t := OCRText{Text: text}
	if err := json.Unmarshal([]byte(words), &t.Words); err != nil {
		return OCRText{}, false, fmt.Errorf("read ocr cache %s: %w", imageHash, err)
	}
	return t, true, nil
}

// OCREntry is one image's cached text: the SHA-256 of its bytes (hex),
// the engine key, and what the engine read.
type OCREntry struct {
	ImageHash, EngineKey string
	OCRText
}

// SaveOCR caches the text read in the image whose bytes hash to imageHash
// under engineKey, replacing what was cached.
func (db *DB) SaveOCR(ctx context.Context, imageHash, engineKey string, t OCRText) error {
	return db.SaveOCRBatch(ctx, []OCREntry{{ImageHash: imageHash, EngineKey: engineKey, OCRText: t}})
}

// SaveOCRBatch caches many images' text in one transaction (one commit,
// not one per image), replacing what was cached for the same keys.
func (db *DB) SaveOCRBatch(ctx context.Context, es []OCREntry) error {
	if len(es) == 0 {
		return nil
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save ocr cache: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO ocr_cache (image_hash, engine_key, text, words, created_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (image_hash, engine_key) DO UPDATE SET text = excluded.text, words = excluded.words,
			created_at = excluded.created_at`)
	if err != nil {
		return fmt.Errorf("save ocr cache: %w", err)
	}
	defer st.Close()
	now := fmtTime(time.Now())
	for _, e := range es {
		if e.ImageHash == "" || e.EngineKey == "" {
			return errors.New("save ocr cache: empty image hash or engine key")
		}
		ws := e.Words
		if ws == nil {
			ws = []OCRWord{}
		}
		words, err := json.Marshal(ws)
		if err != nil {
			return fmt.Errorf("save ocr cache: %w", err)
		}
		if _, err := st.ExecContext(ctx, e.ImageHash, e.EngineKey, e.Text, string(words), now); err != nil {
			return fmt.Errorf("save ocr cache: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save ocr cache: %w", err)
	}
	return nil
}

// Run OCR statuses.
const (
	// OCRStatusOK: images were read (from the cache or by the engine).
	OCRStatusOK = "ok"
	// OCRStatusDisabled: ocr.enabled is false; image pixels were not read.
	OCRStatusDisabled = "disabled"
	// OCRStatusSkipped: the engine could not run (not installed, missing
	// language data); image pixels were not read.
	OCRStatusSkipped = "skipped"
)

// RunOCR is how one run read listing images.
type RunOCR struct {
	Status string
	// Note says why image checks were skipped, or what failed.
	Note string
	// Images is how many images the run considered, OCRCalls how many
	// the engine read, CacheHits how many came from the cache, Failed how
	// many could not be fetched, decoded or read.
	Images, OCRCalls, CacheHits, Failed int
}

// Skipped reports whether the run read no image pixels.
func (r RunOCR) Skipped() bool { return r.Status != OCRStatusOK }

// SaveRunOCR records how run runID read images.
func (db *DB) SaveRunOCR(ctx context.Context, runID int64, r RunOCR) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO run_ocr
		(run_id, status, note, images, ocr_calls, cache_hits, failed) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (run_id) DO UPDATE SET status = excluded.status, note = excluded.note,
			images = excluded.images, ocr_calls = excluded.ocr_calls,
			cache_hits = excluded.cache_hits, failed = excluded.failed`,
		runID, r.Status, r.Note, r.Images, r.OCRCalls, r.CacheHits, r.Failed)
	if err != nil {
		return fmt.Errorf("save run %d ocr: %w", runID, err)
	}
	return nil
}

// RunOCR returns how run runID read images; false when the run recorded
// nothing (a run from before image checks, or one that never got that
// far).
func (db *DB) RunOCR(ctx context.Context, runID int64) (RunOCR, bool, error) {
	var r RunOCR
	err := db.sql.QueryRowContext(ctx, `SELECT status, note, images, ocr_calls, cache_hits, failed
		FROM run_ocr WHERE run_id = ?`, runID).Scan(&r.Status, &r.Note, &r.Images, &r.OCRCalls, &r.CacheHits, &r.Failed)
	if errors.Is(err, sql.ErrNoRows) {
		return RunOCR{}, false, nil
	}
	if err != nil {
		return RunOCR{}, false, fmt.Errorf("read run %d ocr: %w", runID, err)
	}
	return r, true, nil
}
