-- inactive-seat: a human user (a seat; service users never are) who is inactive: last seen
-- in the audit log before the cutoff, or never seen and created before the grace period
-- (or with no creation date). High when their effective role is ADMIN on a deployment or
-- at organization scope (own grant or a team's).
SELECT u.user_id AS subject_id,
       u.display_name AS subject_name,
       CASE WHEN u.admin_anywhere THEN 'high' ELSE 'medium' END AS severity,
       CASE WHEN u.insufficient_data THEN 'insufficient-data' ELSE 'normal' END AS confidence,
       to_json({
         email: u.email,
         last_seen: aa_iso(u.last_seen),
         days_since_last_seen: u.days_since_seen,
         created_at: aa_iso(u.created_at),
         highest_role: u.highest_role,
         organization_admin: u.is_org_admin,
         admin_scopes: u.admin_scopes,
         teams: u.teams,
         scim_provisioned: u.scim_provisioned
       }) AS evidence
FROM user_state u
WHERE u.account_type = 'human' AND u.inactive AND u.in_review;
