-- A CSV file as text columns, exactly as written (for header and enumeration checks).
CREATE OR REPLACE TABLE {{table}} AS SELECT * FROM read_csv({{file}}, header = true, all_varchar = true, strict_mode = true);
