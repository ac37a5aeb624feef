-- 0002_page_cache: what the last successful check of each listing page
-- left for incremental re-patrol: the response's validators (ETag,
-- Last-Modified, either may be '') and the SHA-256 of the raw body, hex, as
-- in snapshots.content_hash. check_key names the check configuration the
-- page was checked under: a page checked under another one is refetched.
CREATE TABLE page_cache (
	url           TEXT PRIMARY KEY,
	listing_id    TEXT NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	content_hash  TEXT NOT NULL DEFAULT '',
	check_key     TEXT NOT NULL DEFAULT '',
	fetched_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX page_cache_listing ON page_cache (listing_id);
