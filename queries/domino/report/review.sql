-- The Review sheet: one row per entitlement under review (contract: docs/ARCHITECTURE.md).
--   system       — a system role from user_roles; reviewed by the system administrators.
--   project      — a project role (project_members, plus projects.owner_id as role Owner);
--                  reviewed by the project's owners. A member or owner that is an
--                  organization is listed as that organization (its own entitlement).
--   organization — an organization role; reviewed by that organization's Admins.
-- Owners of a project follow rules.md: owner_id plus members with role Owner, an
-- organization among them standing for its Admins. Only active users review: an owner
-- who is deactivated or absent from the users file cannot. Nobody reviews their own
-- access: the entitlement holder is left out of the reviewers. When nobody is left the
-- row goes to the system administrators, and the reviewer text says why.
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
  SELECT om.organization_id, om.user_id, u.username AS name
  FROM organization_members om JOIN users u USING (user_id)
  WHERE om.role = 'Admin' AND u.status = 'active'
),
-- Owner ids of each project, organizations expanded to their Admins (user ids).
project_owner_ids AS (
  SELECT project_id, owner_id AS id FROM projects
  UNION
  SELECT project_id, member_id FROM project_members WHERE role = 'Owner'
),
project_owners AS (
  SELECT o.project_id, u.user_id, u.username AS name
  FROM project_owner_ids o JOIN users u ON u.user_id = o.id AND u.status = 'active'
  UNION
  SELECT o.project_id, a.user_id, a.name
  FROM project_owner_ids o JOIN org_admins a ON a.organization_id = o.id
),
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
  SELECT 'project' AS scope, project_id AS scope_id, list(struct_pack(user_id := user_id, name := name)) AS owners
  FROM project_owners GROUP BY project_id
  UNION ALL
  SELECT 'organization', organization_id, list(struct_pack(user_id := user_id, name := name))
  FROM org_admins GROUP BY organization_id
),
findings_by_subject AS (
  SELECT CASE subject_kind WHEN 'service_user' THEN 'user' ELSE subject_kind END AS kind, subject_id,
    list(struct_pack(rank := CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2
                                           WHEN 'low' THEN 3 ELSE 4 END, id := id)) AS found
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
    list_sort(list_distinct(list_transform(list_filter(COALESCE(r.owners, []), o -> o.user_id <> r.user_id), o -> o.name))) AS others,
    list_contains(list_transform(COALESCE(r.owners, []), o -> o.user_id), r.user_id) AS is_owner
  FROM rows r
)
SELECT
  e.scope || '|' || e.scope_id || '|' || e.user_id || '|' || e.role AS key,
  e.user_id,
  CASE WHEN e.principal_kind = 'organization' THEN 'Organization: ' || e.principal_name ELSE e.principal_name END AS user_name,
  e.scope, e.scope_id, e.scope_name, e.role,
  CASE
    WHEN e.scope = 'system' THEN 'System administrators'
    WHEN len(e.others) > 0 THEN array_to_string(e.others, '; ')
    WHEN e.scope = 'organization' AND e.is_owner THEN 'System administrators (no other active Admin)'
    WHEN e.scope = 'organization' THEN 'System administrators (organization has no active Admin)'
    WHEN e.is_owner THEN 'System administrators (no other active owner)'
    ELSE 'System administrators (project has no active owner)'
  END AS reviewer,
  array_to_string(list_transform(list_sort(list_distinct(e.found)), f -> f.id), '; ') AS related_findings
FROM named e
ORDER BY e.scope_rank, lower(e.scope_name), e.scope_name, e.scope_id, lower(user_name), user_name, e.user_id, e.role
