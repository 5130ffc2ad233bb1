-- The config values Dagster+ reports read: seats bought (humans only count).
CREATE TABLE dg_config AS SELECT CAST($purchased_seats AS INTEGER) AS purchased_seats;
