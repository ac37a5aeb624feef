-- 0011_outcome_refs: a listing carried forward (CarryForward) no longer
-- copies its 11-13 outcome rows into the new run, most of what carrying an
-- unchanged shop cost: outcome_refs names the run whose rows hold them
-- (always a run that checked the listing, never itself a reference). The
-- run's own rows for the listing (the history rules judge every listing
-- again) take precedence rule by rule; readers resolve both
-- (store.runOutcomesSQL). Runs are never deleted; a retention that
-- deletes runs must first copy the rows that references rely on.
CREATE TABLE outcome_refs (
	run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	listing_id TEXT    NOT NULL,
	from_run   INTEGER NOT NULL,
	PRIMARY KEY (run_id, listing_id)
) WITHOUT ROWID;
