-- The first row (in file order) that repeats a key already seen earlier; rows where the
-- key does not apply (`where`) are left out, e.g. users without an email.
SELECT row_id, src, src_row, key_label
FROM (
  SELECT rowid AS row_id, src, src_row, {{key_label}} AS key_label,
         row_number() OVER (PARTITION BY {{key_columns}} ORDER BY src, rowid) AS occurrence
  FROM {{table}}
  WHERE {{where}}
)
WHERE occurrence > 1
ORDER BY src, row_id
LIMIT 1;
