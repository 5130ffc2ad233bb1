-- One canonical CSV file as rows of its table's columns plus `src` and `_bad`, as a
-- parenthesised subquery that loading and summarising queries embed as their rows.
-- Every column is read as text and converted here, so a value that does not parse is
-- flagged in `_bad` (the number of the failed check, 0 = fine) instead of silently NULL.
-- `max_line_size` is always set (src/ingest/csv.ts): left at DuckDB's default, a record
-- longer than its read buffer (~32 MB) at the end of a file is dropped without an error;
-- set, a record over it is an error naming its line. `buffer_size` goes with it: DuckDB's
-- default buffer is 16 × max_line_size (1 GiB for 64 MiB, per file read, measured at 1.3 GB
-- of RSS on the 100k bench's logins.csv against 225 MB at 2 MiB); 1.5 × is enough to hold
-- one record whole.
(SELECT {{expressions}}, {{src}} AS src, {{bad}} AS _bad
 FROM read_csv({{path}}, header = true, auto_detect = false, delim = ',', quote = '"',
               escape = '"', strict_mode = true, max_line_size = {{max_line_size}}, buffer_size = {{buffer_size}}, columns = {{columns}}))
