-- The platform accounts matched to a person of the HR roster or the IdP (docs/spec/identity.md),
-- one row per matched account. Created empty for every run, so that report queries and
-- review routing can join it whether or not the bundle holds a roster; the identity
-- adapter fills it when one is present.
CREATE TABLE person_of_account (
  user_id          VARCHAR NOT NULL,  -- the platform account (Domino user id, Dagster+ user id)
  person_email     VARCHAR,           -- the roster's e-mail, lower-cased and trimmed
  employee_id      VARCHAR,
  full_name        VARCHAR,
  person_status    VARCHAR,           -- active | leave | terminated
  termination_date DATE,
  department       VARCHAR,
  cost_center      VARCHAR,
  manager_email    VARCHAR,
  manager_user_id  VARCHAR,           -- the manager's platform account, when they have one
  manager_name     VARCHAR,           -- the manager's platform username, else their e-mail
  source           VARCHAR,           -- hr-roster.csv | scim-users.json
  -- Who reviews this account's access as its manager (review routing, docs/spec/outputs.md):
  -- manager_name when the manager is someone else and, with an account, an active one.
  manager_reviewer       VARCHAR,
  manager_reviewer_email VARCHAR      -- the manager's account e-mail, else the roster's
);
