-- Rows one source contributed to a summary table, and how many of them failed a check.
SELECT coalesce(sum(events), 0) AS events, coalesce(sum(bad_rows), 0) AS bad_rows
FROM {{table}} WHERE src = {{src}};
