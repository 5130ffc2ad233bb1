-- The physical floor: DuckDB merely reading one CSV file into a table (types auto-detected).
CREATE TABLE {{table}} AS SELECT * FROM read_csv({{path}}, header = true);
