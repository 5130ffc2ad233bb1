-- Parameters of the license position: Domino's practitioner window (days).
CREATE OR REPLACE TABLE license_params AS SELECT CAST($practitioner_days AS INTEGER) AS practitioner_days;
