-- Every column of a query as text, packed into one string per row: fields joined by
-- U+001F, a NULL written as U+001D alone. U+001D–U+001F are dropped from the values: no
-- spreadsheet or XML document can hold them, and they would be taken for separators.
-- Why: each string read out of DuckDB costs a native call, so a million-row sheet read
-- one string per row instead of one per field streams several times faster (Db.streamText).
-- Rows keep the query's order.
SELECT concat_ws(chr(31), *COLUMNS(*)) AS line
FROM (SELECT coalesce(translate(CAST(COLUMNS(*) AS VARCHAR), chr(29) || chr(30) || chr(31), ''), chr(29))
      FROM ({{query}}))
