-- The first row of one source whose values failed a check (`_bad` > 0), in file order.
SELECT rowid AS row_id, _bad AS check_no, src_row
FROM {{table}}
WHERE src = {{src}} AND _bad > 0
ORDER BY rowid
LIMIT 1;
