-- leaver-with-access (docs/spec/identity.md): an active human account matched to a leaver
-- whose D − termination_date is more than leaver_grace_days, or whose termination date is
-- unknown. Critical when seen after the end of the termination day (23:59:59.999 UTC) or
-- privileged; else high. Read from identity_accounts, which every platform's derive SQL
-- gives in one shape.
WITH hits AS (
  SELECT a.*, r.email AS person_email, r.employee_id, r.termination_date, r.days_since_termination,
         CASE WHEN r.termination_date IS NOT NULL
              THEN coalesce(a.last_seen >= CAST(r.termination_date + 1 AS TIMESTAMPTZ), false) END AS seen_after
  FROM identity_accounts a
  JOIN identity_match m ON m.user_id = a.user_id
  JOIN roster_people r ON r.person_id = m.person_id
  CROSS JOIN params p
  CROSS JOIN identity_params ip
  WHERE a.is_active AND a.account_type = 'human' AND r.is_leaver
    AND (r.termination_date IS NULL OR r.days_since_termination > ip.leaver_grace_days)
    AND (a.created_at IS NULL OR a.created_at <= p.eval_instant)
)
SELECT h.user_id AS subject_id,
       h.display_name AS subject_name,
       CASE WHEN coalesce(h.seen_after, false) OR h.is_privileged THEN 'critical' ELSE 'high' END AS severity,
       'normal' AS confidence,
       to_json({
         email: trim(h.person_email),
         employee_id: h.employee_id,
         termination_date: strftime(h.termination_date, '%Y-%m-%d'),
         days_since_termination: h.days_since_termination,
         last_seen: aa_iso(h.last_seen),
         seen_after_termination: h.seen_after,
         roles: h.roles,
         source: s.file,
         -- SCIM has no termination date: say what stands in for it
         termination_date_from: CASE WHEN h.termination_date IS NULL THEN NULL
                                     WHEN s.file = 'scim-users.json' THEN 'meta.lastModified (the IdP''s last change to the user)'
                                     ELSE 'termination_date (the last working day)' END
       }) AS evidence
FROM hits h CROSS JOIN roster_source s;
