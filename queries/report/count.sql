-- How many rows a report query returns in all.
SELECT count(*) AS n FROM ({{query}});
