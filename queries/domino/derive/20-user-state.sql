-- One row per user with everything the rules and reports judge them by (see rules.md,
-- "Shared definitions"). Events after the evaluation instant are ignored; failed logins
-- are not activity. `inactive` is NULL when the bundle has no activity data at all.
CREATE TABLE user_state AS
WITH
  role_lists AS (
    SELECT user_id, list_sort(list(DISTINCT role)) AS roles FROM user_roles GROUP BY user_id
  ),
  -- Event logs arrive summarised (schema.sql): last_in_period is the latest event at or
  -- before the evaluation instant, window_events the events in the window.
  seen_login AS (
    SELECT user_id, max(last_in_period) AS ts FROM login_summary WHERE success GROUP BY user_id
  ),
  seen_activity AS (
    SELECT user_id, max(last_in_period) AS ts FROM activity_summary GROUP BY user_id
  ),
  window_activity AS (
    SELECT a.user_id,
           max(coalesce(t.tier, 1)) AS required_tier,
           sum(a.window_events) FILTER (WHERE coalesce(t.tier, 1) = 0) AS tier0_events,
           sum(a.window_events) FILTER (WHERE coalesce(t.tier, 1) = 1) AS tier1_events,
           sum(a.window_events) FILTER (WHERE coalesce(t.tier, 1) >= 2) AS tier2_events
    FROM activity_summary a
    LEFT JOIN activity_tiers t ON t.kind = a.kind
    WHERE a.window_events > 0
    GROUP BY a.user_id
  ),
  base AS (
    SELECT u.user_id, u.username, u.full_name, u.email, u.status, u.account_type, u.license, u.created_at,
           u.last_activity_at, l.name AS license_name, l.tier AS license_tier, l.name IS NOT NULL AS license_known,
           coalesce(l.seat, true) AS is_seat, l.monthly_price,
           coalesce(r.roles, []) AS roles,
           greatest(sl.ts, sa.ts, CASE WHEN u.last_activity_at <= p.eval_instant THEN u.last_activity_at END) AS last_seen,
           coalesce(w.required_tier, 0) AS required_tier,
           coalesce(w.tier0_events, 0) AS tier0_events,
           coalesce(w.tier1_events, 0) AS tier1_events,
           coalesce(w.tier2_events, 0) AS tier2_events
    FROM users u
    CROSS JOIN params p
    LEFT JOIN license_aliases la ON la.key = aa_license_key(u.license)
    LEFT JOIN licenses l ON l.name = la.name
    LEFT JOIN role_lists r ON r.user_id = u.user_id
    LEFT JOIN seen_login sl ON sl.user_id = u.user_id
    LEFT JOIN seen_activity sa ON sa.user_id = u.user_id
    LEFT JOIN window_activity w ON w.user_id = u.user_id
  )
SELECT b.*,
       list_has_any(b.roles, ['SysAdmin', 'CloudAdmin', 'LimitedAdmin', 'ProjectManager']) AS is_privileged,
       date_diff('day', CAST(b.last_seen AS DATE), p.as_of) AS days_since_seen,
       coalesce(b.last_seen >= p.cutoff, false) AS seen_in_window,
       CASE WHEN NOT p.has_activity_data THEN NULL
            WHEN b.last_seen IS NOT NULL THEN b.last_seen < p.cutoff
            ELSE b.created_at IS NULL OR b.created_at < p.grace_cutoff END AS inactive,
       -- The data cannot prove inactivity when the event log starts after the cutoff and
       -- Domino's own last-activity field is absent for this user.
       (b.last_activity_at IS NULL AND (p.earliest_event IS NULL OR p.earliest_event > p.cutoff)) AS insufficient_data,
       -- The population is dated: a user created after the evaluation instant is outside the
       -- review (never a finding's subject, not in Review rows or seat counts) but stays in
       -- `users`, so records naming them read as exported.
       (b.created_at IS NULL OR b.created_at <= p.eval_instant) AS in_review
FROM base b CROSS JOIN params p;
