-- The first row id a source landed in a table (CSV record n is base + n - 1).
SELECT coalesce(min(rowid), 0) AS base FROM {{table}} WHERE src = {{src}};
