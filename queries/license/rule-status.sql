-- Which rules ran (the license position is unknown, not zero, where a rule it reads did not).
CREATE OR REPLACE TABLE rule_status (id VARCHAR, evaluated BOOLEAN);
