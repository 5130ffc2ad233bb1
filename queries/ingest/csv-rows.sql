-- One canonical CSV file as rows of its table's columns plus `src` and `_bad`, as a
-- parenthesised subquery that loading and summarising queries embed as their rows.
-- Every column is read as text and converted here, so a value that does not parse is
-- flagged in `_bad` (the number of the failed check, 0 = fine) instead of silently NULL.
(SELECT {{expressions}}, {{src}} AS src, {{bad}} AS _bad
 FROM read_csv({{path}}, header = true, auto_detect = false, delim = ',', quote = '"',
               escape = '"', strict_mode = true, columns = {{columns}}))
