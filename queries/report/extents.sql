-- The extremes of a report query's numeric columns, to size the workbook's columns so that
-- no number prints as ###.
SELECT {{exprs}} FROM ({{query}});
