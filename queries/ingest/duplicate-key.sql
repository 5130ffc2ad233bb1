-- The first row (in file order) that repeats a key already seen earlier.
SELECT rowid AS row_id, src, src_row, {{key_label}} AS key_label
FROM (
  SELECT rowid, src, src_row, {{key_columns}},
         row_number() OVER (PARTITION BY {{key_columns}} ORDER BY src, rowid) AS occurrence
  FROM {{table}}
)
WHERE occurrence > 1
ORDER BY src, rowid
LIMIT 1;
