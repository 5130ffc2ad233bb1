-- The first rows of a report query (the page shows a bounded number of rows per table).
SELECT * FROM ({{query}}) LIMIT {{limit}};
