-- sole-admin-risk: fewer than two human Organization Admins (ADMIN at organization scope,
-- own grant or a team's) who are not inactive. Only an Organization Admin can change roles
-- or remove users. Without an audit log every Organization Admin counts (activity
-- unknown). High with none, medium with one. The subject is the organization: its id where
-- a native response carried one (`data.organization`), else "organization".
WITH
  admins AS (
    SELECT u.user_id, u.display_name, u.email, u.inactive, u.insufficient_data, u.last_seen, u.org_admin_via
    FROM user_state u
    WHERE u.account_type = 'human' AND u.is_org_admin
  ),
  counted AS (SELECT * FROM admins WHERE NOT coalesce(inactive, false)),
  org AS (SELECT min(organization_id) AS id, min(name) AS name FROM organization)
SELECT coalesce(org.id, 'organization') AS subject_id,
       org.name AS subject_name,
       CASE WHEN (SELECT count(*) FROM counted) = 0 THEN 'high' ELSE 'medium' END AS severity,
       -- An admin left out as inactive only because the log starts after the cutoff might
       -- be active: the finding is then not proven.
       CASE WHEN EXISTS (SELECT 1 FROM admins WHERE inactive AND insufficient_data) THEN 'insufficient-data'
            ELSE 'normal' END AS confidence,
       to_json({
         active_admins: (SELECT count(*) FROM counted),
         organization_admins: (SELECT count(*) FROM admins),
         activity_known: p.has_activity_data,
         admins: coalesce((SELECT list({user_id: user_id, name: display_name, email: email, via: org_admin_via,
                                        last_seen: aa_iso(last_seen), inactive: inactive}
                                       ORDER BY display_name, user_id) FROM admins), []),
         admin_summary: coalesce((SELECT list(display_name || ' (' || list_aggregate(org_admin_via, 'string_agg', ', ') || '; ' ||
                                              CASE WHEN inactive IS NULL THEN 'activity unknown'
                                                   WHEN last_seen IS NULL THEN 'never seen'
                                                   ELSE 'last seen ' || strftime(last_seen, '%Y-%m-%d') END ||
                                              CASE WHEN inactive THEN ', inactive' ELSE '' END || ')'
                                              ORDER BY display_name, user_id) FROM admins), [])
       }) AS evidence
FROM org, params p
WHERE (SELECT count(*) FROM counted) < 2;
