-- The organization each native file names (in file order), to check they name one only.
SELECT organization_id, src, src_row FROM organization ORDER BY src, rowid;
