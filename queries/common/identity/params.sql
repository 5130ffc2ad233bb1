-- The threshold of the identity rules in force (config leaver_grace_days).
CREATE TABLE identity_params AS SELECT CAST($leaver_grace_days AS INTEGER) AS leaver_grace_days;
