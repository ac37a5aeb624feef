-- 0004_ocr_cache: text read from listing images, by image content, and how
-- each run read images.
--
-- ocr_cache maps the SHA-256 of an image's bytes (hex) and engine_key (the
-- engine, its version and every setting that changes what it reads) to the
-- recognized text and words (JSON [{"text","conf"}]). A re-patrol OCRs only
-- images whose bytes (or the engine settings) changed.
CREATE TABLE ocr_cache (
	image_hash TEXT NOT NULL,
	engine_key TEXT NOT NULL,
	text       TEXT NOT NULL DEFAULT '',
	words      TEXT NOT NULL DEFAULT '[]',
	created_at TEXT NOT NULL,
	PRIMARY KEY (image_hash, engine_key)
) WITHOUT ROWID;

-- run_ocr is one row per run that considered image text. status is
-- 'ok' (images were read), 'disabled' (ocr.enabled is false) or 'skipped'
-- (the engine could not run, e.g. tesseract is not installed): reports
-- state that image checks were skipped, never silently. failed counts
-- images that could not be fetched, decoded or read.
CREATE TABLE run_ocr (
	run_id     INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
	status     TEXT    NOT NULL CHECK (status IN ('ok', 'disabled', 'skipped')),
	note       TEXT    NOT NULL DEFAULT '',
	images     INTEGER NOT NULL DEFAULT 0,
	ocr_calls  INTEGER NOT NULL DEFAULT 0,
	cache_hits INTEGER NOT NULL DEFAULT 0,
	failed     INTEGER NOT NULL DEFAULT 0
);
