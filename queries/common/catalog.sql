-- The parameters in force and the catalogs from the config (rows appended by the run).
CREATE TABLE licenses (ord INTEGER, name VARCHAR, tier INTEGER, seat BOOLEAN, monthly_price DOUBLE, purchased_seats INTEGER);
CREATE TABLE license_aliases (key VARCHAR, name VARCHAR);
CREATE TABLE activity_tiers (kind VARCHAR, tier INTEGER);
