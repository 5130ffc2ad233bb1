-- The config values Dagster+ reports read: seats bought (humans only count) and the
-- monthly price of a seat (NULL: unknown).
CREATE TABLE dg_config AS SELECT CAST($purchased_seats AS INTEGER) AS purchased_seats, CAST($seat_price AS DOUBLE) AS seat_price;
