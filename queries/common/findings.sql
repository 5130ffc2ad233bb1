-- The findings of this run, for the report queries (joins by subject id).
CREATE TABLE findings (id VARCHAR, rule VARCHAR, severity VARCHAR, severity_rank INTEGER, subject_kind VARCHAR,
                       subject_id VARCHAR, subject_name VARCHAR, status VARCHAR, confidence VARCHAR,
                       message VARCHAR, evidence JSON);
