-- 0009_outcomes_listing_key: outcomes.listing_id loses its foreign key to
-- listings. A patrol writes 11-13 outcome rows per listing and an
-- incremental re-patrol copies them for every unchanged listing; checking
-- each row against listings was a third of what storing them cost. Every
-- outcome row is written with its listing's snapshot (SaveResults,
-- CarryForward, SaveRuleResults for listings of the run), and snapshots
-- keep their foreign key, so the listing is still known to exist. The rows
-- are copied unchanged; run_id keeps its key and ON DELETE CASCADE.
CREATE TABLE outcomes_new (
	run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	listing_id TEXT    NOT NULL,
	rule       TEXT    NOT NULL,
	outcome    TEXT    NOT NULL
	                   CHECK (outcome IN ('pass', 'fail', 'not-applicable', 'could-not-check')),
	PRIMARY KEY (run_id, listing_id, rule)
) WITHOUT ROWID;
INSERT INTO outcomes_new (run_id, listing_id, rule, outcome)
	SELECT run_id, listing_id, rule, outcome FROM outcomes;
DROP TABLE outcomes;
ALTER TABLE outcomes_new RENAME TO outcomes;
