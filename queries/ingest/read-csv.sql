-- Bulk-load one canonical CSV file into its canonical table in a single pass.
-- Every column is read as text and converted here, so a value that does not parse is
-- flagged in `_bad` (the number of the failed check, 0 = fine) instead of silently NULL.
INSERT INTO {{table}} ({{target_columns}}, src, _bad)
SELECT {{expressions}}, {{src}}, {{bad}}
FROM read_csv({{path}}, header = true, auto_detect = false, delim = ',', quote = '"',
              escape = '"', strict_mode = true, columns = {{columns}});
