-- 0010_snapshot_listing_run: a carried snapshot (CarryForward, CopyRun)
-- no longer copies the listing's JSON, a few KB a listing and most of
-- what carrying an unchanged shop forward wrote: its listing column is ''
-- and listing_run names the run whose snapshot of the same listing holds
-- the JSON (never itself a reference). NULL: listing holds the JSON.
-- Readers resolve it (store.listingJSON). Runs are never deleted; a
-- retention that deletes runs must first copy the JSON into the rows that
-- refer to them.
ALTER TABLE snapshots ADD COLUMN listing_run INTEGER;
