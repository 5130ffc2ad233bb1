-- One row per user and service user with everything the rules and reports judge them by.
-- Last seen = the latest audit-log entry the user authored (email, case-insensitive, any
-- event type) at or before the evaluation instant. `inactive` is NULL without an audit log
-- (activity unknown); `insufficient_data` marks never-seen users when the log starts after
-- the cutoff (the log cannot prove them inactive).
CREATE TABLE user_state AS
WITH
  seen AS (
    SELECT lower(trim(a.author_email)) AS email_key, max(a.ts) AS ts
    FROM audit_log a, params p
    WHERE a.author_email IS NOT NULL AND a.ts <= p.eval_instant
    GROUP BY 1
  ),
  access AS (
    SELECT user_id,
           bool_or(org_admin) AS is_org_admin,
           list_sort(list(DISTINCT CASE WHEN via = 'own' THEN 'own grant' ELSE 'team ' || team_name END)
                     FILTER (WHERE org_admin)) AS org_admin_via,
           bool_or(deployment_admin) AS admin_anywhere,
           list_sort(list(DISTINCT scope_phrase) FILTER (WHERE deployment_admin)) AS admin_scopes,
           max(rank) AS max_rank,
           list_sort(list(DISTINCT team_name) FILTER (WHERE via = 'team')) AS granting_teams
    FROM access_grants GROUP BY user_id
  ),
  memberships AS (
    SELECT m.user_id, list_sort(list(DISTINCT coalesce(t.name, m.team_id))) AS teams
    FROM team_members m LEFT JOIN teams t ON t.team_id = m.team_id
    GROUP BY m.user_id
  )
SELECT u.user_id, u.email, u.name,
       coalesce(u.name, u.email, u.user_id) AS display_name,
       u.account_type,
       u.account_type = 'human' AS is_seat,
       u.scim_provisioned, u.created_at, u.description,
       s.ts AS last_seen,
       date_diff('day', CAST(s.ts AS DATE), p.as_of) AS days_since_seen,
       coalesce(s.ts >= p.cutoff, false) AS seen_in_window,
       CASE WHEN NOT p.has_activity_data THEN NULL
            WHEN s.ts IS NOT NULL THEN s.ts < p.cutoff
            ELSE u.created_at IS NULL OR u.created_at < p.grace_cutoff END AS inactive,
       (p.has_activity_data AND s.ts IS NULL AND (p.earliest_event IS NULL OR p.earliest_event > p.cutoff)) AS insufficient_data,
       coalesce(a.is_org_admin, false) AS is_org_admin,
       coalesce(a.org_admin_via, []) AS org_admin_via,
       coalesce(a.admin_anywhere, false) AS admin_anywhere,
       coalesce(a.admin_scopes, []) AS admin_scopes,
       CASE WHEN a.is_org_admin THEN 'ORGANIZATION ADMIN' ELSE dg_rank_role(a.max_rank) END AS highest_role,
       coalesce(m.teams, []) AS teams,
       -- Outside the review when created after the evaluation instant (docs/spec/domino-input.md).
       (u.created_at IS NULL OR u.created_at <= p.eval_instant) AS in_review
FROM users u
CROSS JOIN params p
LEFT JOIN seen s ON s.email_key = lower(trim(u.email))
LEFT JOIN access a ON a.user_id = u.user_id
LEFT JOIN memberships m ON m.user_id = u.user_id;
