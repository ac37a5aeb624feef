-- Evidence for appeals (申诉): every fetched listing page, gzip-compressed
-- and stored once per content hash. snapshots.content_hash points here, so a
-- finding leads to the page exactly as it was fetched.
CREATE TABLE page_archive (
    hash        TEXT PRIMARY KEY,          -- sha256 hex of the raw bytes
    body        BLOB NOT NULL,             -- gzip of the raw bytes
    size        INTEGER NOT NULL,          -- raw size in bytes
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);
