-- orphaned-account (docs/spec/identity.md): an active human account that matches no roster
-- person (an ambiguous match counts as none): nobody in HR owns it. High when privileged,
-- else medium.
SELECT a.user_id AS subject_id,
       a.display_name AS subject_name,
       CASE WHEN a.is_privileged THEN 'high' ELSE 'medium' END AS severity,
       'normal' AS confidence,
       to_json({
         email: a.email,
         username: a.username,
         last_seen: aa_iso(a.last_seen),
         roles: a.roles
       }) AS evidence
FROM identity_accounts a
JOIN identity_match m ON m.user_id = a.user_id
CROSS JOIN params p
WHERE a.is_active AND a.account_type = 'human' AND m.person_id IS NULL
  AND (a.created_at IS NULL OR a.created_at <= p.eval_instant);
