-- 0003_run_lock: one patrol at a time per database. The single row (id = 1)
-- names the process holding the lock; it is inserted in an IMMEDIATE
-- transaction, refreshed by a heartbeat while held and deleted on release.
-- A row whose holder is gone (dead pid on this host, or a heartbeat older
-- than the stale timeout) is cleared by the next acquirer.

CREATE TABLE run_lock (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	token        TEXT    NOT NULL,
	kind         TEXT    NOT NULL,
	pid          INTEGER NOT NULL,
	hostname     TEXT    NOT NULL DEFAULT '',
	acquired_at  TEXT    NOT NULL,
	heartbeat_at TEXT    NOT NULL
);
