-- 0007_page_archive_codec: how each archived page's body is compressed.
-- Pages archived before this migration are gzip; new ones are 's2', the S2
-- block format of github.com/klauspost/compress/s2, which costs a patrol a
-- sixth of gzip's CPU. Readers decompress by this column.
ALTER TABLE page_archive ADD COLUMN codec TEXT NOT NULL DEFAULT 'gzip'
	CHECK (codec IN ('gzip', 's2'));
