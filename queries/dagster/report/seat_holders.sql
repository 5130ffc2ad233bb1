-- The seat view: every user and service user, whether they hold a seat (humans only), how
-- recently the audit log saw them, their highest role and their open findings.
-- Order: seat holders first, then name, id. No trailing semicolon: callers wrap this query.
WITH principal_findings AS (
  SELECT subject_id, string_agg(id, '; ' ORDER BY severity_rank, id) AS ids
  FROM findings WHERE subject_kind IN ('user', 'service_user')
  GROUP BY subject_id
)
SELECT u.user_id,
       u.display_name AS name,
       u.email,
       u.account_type,
       u.is_seat AS counts_as_seat,
       u.scim_provisioned,
       aa_iso(u.created_at) AS created_at,
       aa_iso(u.last_seen) AS last_seen,
       u.days_since_seen AS days_since_last_seen,
       CASE WHEN u.account_type = 'service' THEN 'service user: no seat, no login'
            WHEN u.inactive IS NULL THEN 'unknown (no audit log)'
            WHEN u.inactive AND u.insufficient_data THEN 'never seen (log too short to prove inactive)'
            WHEN u.inactive AND u.last_seen IS NULL THEN 'inactive (never seen)'
            WHEN u.inactive THEN 'inactive'
            WHEN u.last_seen IS NULL THEN 'new (inside the grace period)'
            ELSE 'active' END AS activity,
       u.highest_role,
       u.teams,
       f.ids AS findings
FROM user_state u
LEFT JOIN principal_findings f ON f.subject_id = u.user_id
WHERE u.in_review
ORDER BY u.is_seat DESC, u.display_name, u.user_id
