-- What the previous run (--previous) said about seats: its findings on seat holders
-- (license as it named it) and its seats arrays, this run's history. Empty without one.
CREATE OR REPLACE TABLE previous_findings (rule VARCHAR, subject_id VARCHAR, status VARCHAR, license VARCHAR, direction VARCHAR, suggested_license VARCHAR);
CREATE OR REPLACE TABLE previous_seats (as_of VARCHAR, license VARCHAR, in_use BIGINT, purchased BIGINT, idle BIGINT, projected BIGINT);
