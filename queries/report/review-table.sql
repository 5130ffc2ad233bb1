-- The Review rows, as materialised once per run by report/materialise-review.sql: the
-- workbook streams them and the page counts them without running the platform's Review
-- query again. Rows keep the query's order.
SELECT * FROM review_rows
