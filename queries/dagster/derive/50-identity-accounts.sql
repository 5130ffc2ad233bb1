-- The accounts the identity rules judge (docs/spec/identity.md), one row per Dagster+ user
-- and service user, in the shape every platform gives them (see
-- queries/domino/derive/50-identity-accounts.sql). A Dagster+ user is identified by their
-- e-mail, which is also their username for matching; every user in the export is active
-- (removing a user deletes it: there are no deactivated accounts). Privileged = ADMIN on a
-- deployment or at organization scope; roles = the effective role on each scope.
CREATE TABLE identity_accounts AS
SELECT u.user_id, u.email AS username, u.display_name, u.email, u.account_type,
       true AS is_active, CAST(NULL AS TIMESTAMPTZ) AS deactivated_at, u.last_seen,
       u.admin_anywhere AS is_privileged, coalesce(r.roles, []) AS roles, u.created_at
FROM user_state u
LEFT JOIN (
  SELECT user_id, list_sort(list(DISTINCT scope_phrase || ': ' || effective_role)) AS roles
  FROM effective_access GROUP BY user_id
) r ON r.user_id = u.user_id;
