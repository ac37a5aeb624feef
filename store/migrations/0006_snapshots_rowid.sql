-- 0006_snapshots_rowid: snapshots becomes a rowid table with the same
-- columns, its key (run_id, listing_id) a UNIQUE constraint. A snapshot
-- holds the whole listing as JSON, a few KB, and SQLite documents WITHOUT
-- ROWID as a poor fit for rows that large (every row spills into overflow
-- pages of the key's B-tree); a rowid table appends them, so saving a
-- patrol costs less. INSERT OR REPLACE still replaces on (run_id,
-- listing_id). The rows are copied unchanged.

CREATE TABLE snapshots_rowid (
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
	UNIQUE (run_id, listing_id)
);

INSERT INTO snapshots_rowid (run_id, listing_id, url, title, price, promo_price, original_price,
	sku_prices, freight, listing, content_hash, fetched_at, carried)
SELECT run_id, listing_id, url, title, price, promo_price, original_price,
	sku_prices, freight, listing, content_hash, fetched_at, carried
FROM snapshots ORDER BY run_id, listing_id;

DROP TABLE snapshots;
ALTER TABLE snapshots_rowid RENAME TO snapshots;
CREATE INDEX snapshots_listing ON snapshots (listing_id, run_id);
