-- mislicensed-user: an active human whose license tier L differs from the required tier R
-- (highest activity tier in the window). R > L: under (high). R < L: over (low), only for
-- users seen in the window. Unknown-tier licenses are not judged.
WITH suggested AS (
  SELECT tier, arg_min(name, ord) AS name, arg_min(monthly_price, ord) AS monthly_price
  FROM licenses GROUP BY tier
)
SELECT u.user_id AS subject_id,
       u.username AS subject_name,
       CASE WHEN u.required_tier > u.license_tier THEN 'high' ELSE 'low' END AS severity,
       'normal' AS confidence,
       to_json({
         direction: CASE WHEN u.required_tier > u.license_tier THEN 'under' ELSE 'over' END,
         license: u.license,
         license_name: u.license_name,
         license_tier: u.license_tier,
         required_tier: u.required_tier,
         suggested_license: s.name,
         tier0_events: u.tier0_events,
         tier1_events: u.tier1_events,
         tier2_events: u.tier2_events,
         last_seen: aa_iso(u.last_seen),
         monthly_cost: u.monthly_price,
         monthly_cost_difference: s.monthly_price - u.monthly_price
       }) AS evidence
FROM user_state u
LEFT JOIN suggested s ON s.tier = u.required_tier
WHERE u.status = 'active' AND u.account_type = 'human' AND u.license_known AND u.in_review
  AND (u.required_tier > u.license_tier
       OR (u.required_tier < u.license_tier AND u.seen_in_window));
