-- inactive-seat: an active user who holds a seat (tier ≥ 1 or an unknown license) and is
-- inactive. Service accounts included: a seat is a seat.
SELECT u.user_id AS subject_id,
       u.username AS subject_name,
       CASE WHEN u.is_privileged THEN 'high' ELSE 'medium' END AS severity,
       CASE WHEN u.insufficient_data THEN 'insufficient-data' ELSE 'normal' END AS confidence,
       to_json({
         license: u.license,
         license_name: u.license_name,
         tier: u.license_tier,
         account_type: u.account_type,
         last_seen: aa_iso(u.last_seen),
         days_since_last_seen: u.days_since_seen,
         created_at: aa_iso(u.created_at),
         roles: u.roles,
         monthly_cost: u.monthly_price
       }) AS evidence
FROM user_state u
WHERE u.status = 'active' AND u.is_seat AND u.inactive AND u.in_review;
