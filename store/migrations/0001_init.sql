-- 0001_init: runs, listings, snapshots, findings, outcomes, fetch failures,
-- suppressions. Timestamps are UTC text in a fixed-width RFC 3339 form
-- (2006-01-02T15:04:05.000000000Z), so text order is time order. Money is
-- INTEGER fen. Booleans are 0/1.

CREATE TABLE runs (
	id            INTEGER PRIMARY KEY,
	kind          TEXT    NOT NULL CHECK (kind IN ('patrol', 'audit', 'check')),
	shop          TEXT    NOT NULL DEFAULT '',
	started_at    TEXT    NOT NULL,
	finished_at   TEXT,   -- NULL until FinishRun
	status        TEXT    NOT NULL DEFAULT 'running'
	                      CHECK (status IN ('running', 'complete', 'partial', 'failed')),
	listings      INTEGER NOT NULL DEFAULT 0,
	pages_fetched INTEGER NOT NULL DEFAULT 0,
	fetch_errors  INTEGER NOT NULL DEFAULT 0,
	findings      INTEGER NOT NULL DEFAULT 0,
	note          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX runs_kind_status ON runs (kind, status, id);

CREATE TABLE listings (
	id         TEXT PRIMARY KEY,
	url        TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL DEFAULT '',
	first_seen TEXT NOT NULL,
	last_seen  TEXT NOT NULL
) WITHOUT ROWID;

-- A snapshot is what one run saw of one listing. carried = 1 marks a copy
-- of an earlier snapshot for a page that was unchanged (CarryForward).
CREATE TABLE snapshots (
	run_id         INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	listing_id     TEXT    NOT NULL REFERENCES listings (id),
	url            TEXT    NOT NULL DEFAULT '',
	title          TEXT    NOT NULL DEFAULT '',
	price          INTEGER NOT NULL DEFAULT 0,
	promo_price    INTEGER NOT NULL DEFAULT 0,
	original_price INTEGER NOT NULL DEFAULT 0,
	sku_prices     TEXT    NOT NULL DEFAULT '{}', -- JSON {"sku id or name": fen}
	freight        TEXT,                          -- JSON summary, NULL without a template
	listing        TEXT    NOT NULL,              -- the whole listing.Listing as JSON
	content_hash   TEXT    NOT NULL DEFAULT '',
	fetched_at     TEXT    NOT NULL,
	carried        INTEGER NOT NULL DEFAULT 0 CHECK (carried IN (0, 1)),
	PRIMARY KEY (run_id, listing_id)
) WITHOUT ROWID;
CREATE INDEX snapshots_listing ON snapshots (listing_id, run_id);

CREATE TABLE findings (
	id             INTEGER PRIMARY KEY,
	run_id         INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	listing_id     TEXT    NOT NULL REFERENCES listings (id),
	url            TEXT    NOT NULL DEFAULT '',
	title          TEXT    NOT NULL DEFAULT '',
	rule           TEXT    NOT NULL,
	source         TEXT    NOT NULL DEFAULT '',
	evidence       TEXT    NOT NULL DEFAULT '',
	evidence_start INTEGER NOT NULL DEFAULT -1,
	image_url      TEXT    NOT NULL DEFAULT '',
	detail         TEXT    NOT NULL DEFAULT '',
	detail_en      TEXT    NOT NULL DEFAULT '',
	points         INTEGER NOT NULL DEFAULT 0,
	severity       TEXT    NOT NULL DEFAULT '',
	fingerprint    TEXT    NOT NULL CHECK (fingerprint <> ''),
	carried        INTEGER NOT NULL DEFAULT 0 CHECK (carried IN (0, 1)),
	UNIQUE (run_id, fingerprint)
);
CREATE INDEX findings_run_listing ON findings (run_id, listing_id, rule);
CREATE INDEX findings_fingerprint ON findings (fingerprint);

CREATE TABLE outcomes (
	run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	listing_id TEXT    NOT NULL REFERENCES listings (id),
	rule       TEXT    NOT NULL,
	outcome    TEXT    NOT NULL
	                   CHECK (outcome IN ('pass', 'fail', 'not-applicable', 'could-not-check')),
	PRIMARY KEY (run_id, listing_id, rule)
) WITHOUT ROWID;

-- listing_id is '' for pages that are not listings (index, sitemap).
CREATE TABLE fetch_failures (
	id         INTEGER PRIMARY KEY,
	run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	url        TEXT    NOT NULL,
	listing_id TEXT    NOT NULL DEFAULT '',
	status     INTEGER NOT NULL DEFAULT 0,
	error      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX fetch_failures_run ON fetch_failures (run_id, listing_id);

-- until is NULL for a suppression that never expires.
CREATE TABLE suppressions (
	fingerprint TEXT PRIMARY KEY,
	reason      TEXT NOT NULL DEFAULT '',
	until       TEXT,
	created_at  TEXT NOT NULL
) WITHOUT ROWID;
