-- The Review sheet: one row per entitlement under review (contract: docs/ARCHITECTURE.md).
--   system       — a system role from user_roles.
--   project      — a project role (project_members, plus projects.owner_id as role Owner).
--                  A member or owner that is an organization is listed as that
--                  organization (its own entitlement).
--   organization — an organization role.
-- Reviewer: always ONE person (a username, or an e-mail for a manager without an
-- account), never the row's own user, and only an active account. The chain, first
-- that qualifies (reviewer_basis says which):
--   project      — the project's owner (owner_id) → another owner (an organization among
--                  the owners standing for its Admins; first by name) → the user's manager
--                  (roster) → a system administrator → unassigned
--   organization — the user's manager (roster, docs/spec/identity.md) → another Admin of
--                  the organization (first by name) → a system administrator → unassigned
--   system       — the user's manager (roster) → a system administrator → unassigned
-- "A system administrator" is an active human account with SysAdmin other than the row's
-- user; the rows are spread over them by a hash of the user id (stable from run to run),
-- so that no single administrator gets every system row. `unassigned` rows go to a packet
-- of their own and the report flags them.
-- Context for the reviewer: full name, e-mail, account status, license, last seen, the
-- findings in words, a suggestion (never a decision), and the roster's person status,
-- department and manager (blank without a roster).
-- related_findings: open and excepted findings about the principal (by subject id) and
-- about the project or organization of the row; most severe first, then by id.
-- Deterministic order: scope (system, organization, project), scope name, scope id, user
-- name, user id, role. No trailing semicolon: callers wrap this query.
WITH
principals AS (
  SELECT user_id AS id, username AS name, 'user' AS kind FROM users
  UNION ALL
  SELECT organization_id, name, 'organization' FROM organizations
  WHERE organization_id NOT IN (SELECT user_id FROM users)
),
org_admins AS (
  SELECT om.organization_id, om.user_id, u.username AS name, u.email
  FROM organization_members om JOIN users u USING (user_id)
  WHERE om.role = 'Admin' AND u.status = 'active' AND u.username IS NOT NULL
),
-- Owner ids of each project, organizations expanded to their Admins (user ids).
project_owner_ids AS (
  SELECT project_id, owner_id AS id FROM projects
  UNION
  SELECT project_id, member_id FROM project_members WHERE role = 'Owner'
),
project_owners AS (
  SELECT o.project_id, u.user_id, u.username AS name, u.email
  FROM project_owner_ids o JOIN users u ON u.user_id = o.id AND u.status = 'active' AND u.username IS NOT NULL
  UNION
  SELECT o.project_id, a.user_id, a.name, a.email
  FROM project_owner_ids o JOIN org_admins a ON a.organization_id = o.id
),
primary_owner AS (
  SELECT p.project_id, u.user_id, u.username AS name, u.email
  FROM projects p JOIN users u ON u.user_id = p.owner_id AND u.status = 'active' AND u.username IS NOT NULL
),
sysadmins AS (
  SELECT row_number() OVER (ORDER BY lower(u.username), u.username, u.user_id) - 1 AS i, u.user_id, u.username AS name, u.email
  FROM users u
  WHERE u.status = 'active' AND coalesce(u.account_type, 'human') <> 'service' AND u.username IS NOT NULL
    AND u.user_id IN (SELECT user_id FROM user_roles WHERE role = 'SysAdmin')
),
sysadmin_count AS (SELECT count(*) AS n FROM sysadmins),
-- The roster (docs/spec/identity.md), one row per account, with the manager who can review it
-- (queries/common/identity/30-person-of-account.sql).
person AS (SELECT DISTINCT ON (user_id) * FROM person_of_account ORDER BY user_id, person_email, source),
entitlements AS (
  SELECT 'system' AS scope, 'system' AS scope_id, 'Domino (system roles)' AS scope_name,
         r.user_id, r.role, 0 AS scope_rank
  FROM (SELECT DISTINCT user_id, role FROM user_roles) r
  UNION ALL
  SELECT 'organization', om.organization_id, COALESCE(o.name, om.organization_id), om.user_id, om.role, 1
  FROM organization_members om LEFT JOIN organizations o USING (organization_id)
  UNION ALL
  SELECT 'project', m.project_id, COALESCE(p.name, m.project_id), m.member_id, m.role, 2
  FROM (SELECT project_id, member_id, role FROM project_members
        UNION SELECT project_id, owner_id, 'Owner' FROM projects) m
  LEFT JOIN projects p USING (project_id)
),
-- Who may review, per scope: (scope, scope_id) → active users. Plain equi-joins below keep
-- this fast at hundreds of thousands of rows.
owners AS (
  SELECT 'project' AS scope, project_id AS scope_id,
         list(struct_pack(user_id := user_id, name := name, email := email) ORDER BY lower(name), name, user_id) AS owners
  FROM project_owners GROUP BY project_id
  UNION ALL
  SELECT 'organization', organization_id,
         list(struct_pack(user_id := user_id, name := name, email := email) ORDER BY lower(name), name, user_id)
  FROM org_admins GROUP BY organization_id
),
findings_by_subject AS (
  SELECT CASE subject_kind WHEN 'service_user' THEN 'user' ELSE subject_kind END AS kind, subject_id,
    list(struct_pack(rank := CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2
                                           WHEN 'low' THEN 3 ELSE 4 END, id := id, message := message)) AS found
  FROM findings GROUP BY ALL
),
rows AS (
  SELECT e.*, o.owners, p.kind AS principal_kind, COALESCE(p.name, e.user_id) AS principal_name,
    list_concat(COALESCE(fu.found, []), COALESCE(fs.found, [])) AS found
  FROM entitlements e
  LEFT JOIN principals p ON p.id = e.user_id
  LEFT JOIN owners o ON o.scope = e.scope AND o.scope_id = e.scope_id
  -- findings about the principal (a user, or an organization holding a project role) …
  LEFT JOIN findings_by_subject fu ON fu.kind = COALESCE(p.kind, 'user') AND fu.subject_id = e.user_id
  -- … and about the project or organization the entitlement is on
  LEFT JOIN findings_by_subject fs ON fs.kind = e.scope AND fs.subject_id = e.scope_id
  -- users created after the evaluation instant are outside the review (user_state.in_review)
  WHERE e.user_id NOT IN (SELECT user_id FROM user_state WHERE NOT in_review)
),
named AS (
  SELECT r.*,
    list_filter(COALESCE(r.owners, []), o -> o.user_id <> r.user_id) AS others,
    -- one system administrator per user, picked by a stable hash of the user id (the next
    -- one when that is the user themself): plain equi-joins, whatever their number
    CASE WHEN a1.user_id <> r.user_id THEN struct_pack(name := a1.name, email := a1.email)
         WHEN a2.user_id <> r.user_id THEN struct_pack(name := a2.name, email := a2.email) END AS admin,
    CASE WHEN r.scope = 'project' AND po.user_id <> r.user_id THEN struct_pack(user_id := po.user_id, name := po.name, email := po.email) END AS primary_owner,
    pe.manager_reviewer, pe.manager_reviewer_email
  FROM (SELECT r.*, CASE WHEN c.n > 0 THEN CAST(('0x' || left(md5(r.user_id), 8))::BIGINT % c.n AS BIGINT) END AS h, c.n
        FROM rows r CROSS JOIN sysadmin_count c) r
  LEFT JOIN sysadmins a1 ON a1.i = r.h
  LEFT JOIN sysadmins a2 ON a2.i = (r.h + 1) % r.n
  LEFT JOIN primary_owner po ON po.project_id = r.scope_id
  LEFT JOIN person pe ON pe.user_id = r.user_id
),
routed AS (
  SELECT n.*,
    CASE
      WHEN n.scope = 'project' AND n.primary_owner IS NOT NULL THEN 'owner'
      WHEN n.scope = 'project' AND len(n.others) > 0 THEN 'owner'
      WHEN n.scope = 'organization' AND n.manager_reviewer IS NOT NULL THEN 'manager'
      WHEN n.scope = 'organization' AND len(n.others) > 0 THEN 'admin'
      WHEN n.manager_reviewer IS NOT NULL THEN 'manager'
      WHEN n.admin IS NOT NULL THEN 'sysadmin'
      ELSE 'unassigned'
    END AS basis
  FROM named n
)
SELECT
  e.scope || '|' || e.scope_id || '|' || e.user_id || '|' || e.role AS key,
  e.user_id,
  CASE WHEN e.principal_kind = 'organization' THEN 'Organization: ' || e.principal_name ELSE e.principal_name END AS user_name,
  e.scope, e.scope_id, e.scope_name, e.role,
  CASE e.basis
    WHEN 'owner' THEN coalesce(e.primary_owner.name, e.others[1].name)
    WHEN 'admin' THEN e.others[1].name
    WHEN 'manager' THEN e.manager_reviewer
    WHEN 'sysadmin' THEN e.admin.name
    ELSE 'unassigned'
  END AS reviewer,
  array_to_string(list_transform(list_sort(list_distinct(list_transform(e.found, f -> struct_pack(rank := f.rank, id := f.id)))), f -> f.id), '; ') AS related_findings,
  -- what the reviewer needs to decide
  CASE e.basis
    WHEN 'owner' THEN coalesce(e.primary_owner.email, e.others[1].email)
    WHEN 'admin' THEN e.others[1].email
    WHEN 'manager' THEN e.manager_reviewer_email
    WHEN 'sysadmin' THEN e.admin.email
  END AS reviewer_email,
  CASE e.basis
    WHEN 'owner' THEN 'project owner'
    WHEN 'admin' THEN 'organization Admin'
    WHEN 'manager' THEN 'manager (roster)'
    WHEN 'sysadmin' THEN CASE e.scope WHEN 'system' THEN 'system administrator'
                                      WHEN 'project' THEN 'system administrator: the project has no other active owner'
                                      ELSE 'system administrator: the organization has no other active Admin' END
    ELSE 'unassigned: no other active owner, Admin, manager or system administrator'
  END AS reviewer_basis,
  coalesce(nullif(us.full_name, ''), pe.full_name) AS full_name,
  coalesce(nullif(us.email, ''), pe.person_email) AS email,
  CASE WHEN e.principal_kind = 'organization' THEN 'organization'
       WHEN us.user_id IS NULL THEN 'not in the users file'
       ELSE concat_ws(' ', us.status, CASE WHEN us.account_type = 'service' THEN '(service account)' END) END AS account_status,
  CASE WHEN us.user_id IS NULL THEN NULL
       ELSE coalesce(us.license_name, nullif(us.license, '') || ' (not in the catalog)', 'Lite') END AS license,
  CASE WHEN us.user_id IS NULL THEN NULL
       WHEN us.last_seen IS NULL THEN CASE WHEN pr.has_activity_data THEN 'never seen' ELSE 'no activity data' END
       ELSE strftime(us.last_seen, '%Y-%m-%d') || ' (' || us.days_since_seen || CASE WHEN us.days_since_seen = 1 THEN ' day ago)' ELSE ' days ago)' END END AS last_seen,
  array_to_string(list_transform(list_sort(list_distinct(e.found)), f -> f.message), ' · ') AS findings_text,
  concat_ws(' · ',
    CASE WHEN us.status = 'deactivated' THEN 'Revoke suggested: the account is deactivated'
         WHEN pe.person_status = 'terminated' THEN 'Revoke suggested: terminated in the HR roster' || coalesce(' on ' || strftime(pe.termination_date, '%Y-%m-%d'), '')
         WHEN us.inactive AND us.last_seen IS NOT NULL THEN 'Revoke suggested: not seen for ' || us.days_since_seen || ' days'
         WHEN us.inactive THEN 'Revoke suggested: never seen' END,
    CASE WHEN list_min(list_transform(e.found, f -> f.rank)) <= 1 THEN 'a Keep needs a Comment (critical or high finding)' END
  ) AS suggestion,
  pe.person_status,
  pe.department,
  pe.manager_name AS manager,
  e.role IN ('SysAdmin', 'CloudAdmin', 'LimitedAdmin', 'ProjectManager') AS privileged
FROM routed e
CROSS JOIN params pr
LEFT JOIN user_state us ON us.user_id = e.user_id -- an organization's id is never a user's (principals)
LEFT JOIN person pe ON pe.user_id = e.user_id
ORDER BY e.scope_rank, lower(e.scope_name), e.scope_name, e.scope_id, lower(user_name), user_name, e.user_id, e.role
