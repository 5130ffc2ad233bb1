-- late-deprovisioning (docs/spec/identity.md): a deactivated human account matched to a
-- leaver with a known termination date, deactivated inside the activity window [C, evaluation
-- instant], whose deactivation's UTC date minus the termination date, in days, is more than
-- leaver_grace_days: access was removed, but late. Medium; high when privileged.
WITH hits AS (
  SELECT a.*, r.termination_date,
         date_diff('day', r.termination_date, CAST(a.deactivated_at AS DATE)) AS days_late
  FROM identity_accounts a
  JOIN identity_match m ON m.user_id = a.user_id
  JOIN roster_people r ON r.person_id = m.person_id
  CROSS JOIN params p
  CROSS JOIN identity_params ip
  WHERE NOT a.is_active AND a.account_type = 'human' AND r.is_leaver AND r.termination_date IS NOT NULL
    AND a.deactivated_at >= p.cutoff AND a.deactivated_at <= p.eval_instant
    AND date_diff('day', r.termination_date, CAST(a.deactivated_at AS DATE)) > ip.leaver_grace_days
    AND (a.created_at IS NULL OR a.created_at <= p.eval_instant)
)
SELECT user_id AS subject_id,
       display_name AS subject_name,
       CASE WHEN is_privileged THEN 'high' ELSE 'medium' END AS severity,
       'normal' AS confidence,
       to_json({
         termination_date: strftime(termination_date, '%Y-%m-%d'),
         deactivated_at: aa_iso(deactivated_at),
         days_late: days_late
       }) AS evidence
FROM hits;
