-- Bulk-load one canonical CSV file into its canonical table in a single pass
-- (its rows: ingest/csv-rows.sql).
INSERT INTO {{table}} ({{target_columns}}, src, _bad)
SELECT {{target_columns}}, src, _bad FROM {{rows}};
