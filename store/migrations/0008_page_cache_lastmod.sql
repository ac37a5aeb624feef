-- 0008_page_cache_lastmod: the sitemap <lastmod> a listing page had when
-- it was last validated ('' when the sitemap gave none). An incremental
-- patrol that trusts lastmod carries a listing forward without a request
-- while its lastmod is unchanged; fetched_at is when the page was last
-- validated (fetched, or answered 304), which bounds that trust.
ALTER TABLE page_cache ADD COLUMN sitemap_lastmod TEXT NOT NULL DEFAULT '';
