-- The Revoke/Modify rows of the previous review (its decisions folder's remediation.json),
-- loaded by src/review/remediation-check.ts for run --decisions.
CREATE TABLE previous_remediation (
  key VARCHAR, user_id VARCHAR, user_name VARCHAR, scope VARCHAR, scope_id VARCHAR, scope_name VARCHAR,
  role VARCHAR, decision VARCHAR, reviewer VARCHAR, comment VARCHAR, as_of VARCHAR
);
