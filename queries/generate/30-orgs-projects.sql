-- Organizations, their members, projects and project members: the planted ones plus a
-- background estate sized from the background user count.

CREATE MACRO org_depts() AS ['data-science', 'analytics', 'risk', 'pricing', 'supply-chain', 'marketing', 'finance',
  'clinical', 'genomics', 'fraud', 'forecasting', 'nlp', 'vision', 'research', 'operations', 'customer-insights'];
CREATE MACRO org_units() AS ['emea', 'amer', 'apac', 'core', 'lab', 'ops', 'platform', 'studio', 'guild', 'hub'];
CREATE MACRO project_topics() AS ['churn', 'fraud', 'demand', 'pricing', 'credit', 'claims', 'sentiment', 'recsys',
  'forecast', 'anomaly', 'supply', 'inventory', 'ltv', 'nlp', 'vision', 'genomics', 'trial', 'risk', 'ad-spend',
  'retention', 'routing', 'energy', 'yield', 'quality', 'payments', 'search', 'ranking', 'survival'];
CREATE MACRO project_kinds() AS ['model', 'pipeline', 'dashboard', 'analysis', 'api', 'features', 'experiments', 'etl',
  'report', 'notebooks', 'poc', 'monitoring', 'app', 'study'];

SET VARIABLE n_org = greatest(8, getvariable('n_bg') // 60);
SET VARIABLE n_proj = greatest(1, (getvariable('n_bg') * 1.1)::BIGINT);

CREATE TABLE orgs AS
WITH bg AS (
  SELECT 100 + o AS o_key, false AS planted,
    pick(org_depts(), rnd(o, 'org.dept')) || '-' || pick(org_units(), rnd(o, 'org.unit')) AS base_name,
    '66b0' || substr(md5('org-' || {{seed}} || '-' || o), 1, 12) || printf('%08x', o) AS org_id,
    '66a0' || substr(md5('orgrec-' || {{seed}} || '-' || o), 1, 12) || printf('%08x', o) AS record_id
  FROM range(getvariable('n_org')) t(o)
), named AS (
  SELECT *, row_number() OVER (PARTITION BY base_name ORDER BY planted DESC, o_key) AS name_rank
  FROM (SELECT oidx AS o_key, true AS planted, name AS base_name, org_id, record_id FROM planted_orgs UNION ALL SELECT * FROM bg)
)
SELECT o_key, planted, org_id, record_id, CASE WHEN name_rank = 1 THEN base_name ELSE base_name || '-' || name_rank END AS name
FROM named;

-- Background users join one organization (some a second); about 7% of memberships are Admin.
CREATE TABLE org_members AS
WITH bg AS (
  SELECT 100 + floor(getvariable('n_org') * pow(rnd(u, 'org1'), 1.3))::BIGINT AS o_key, u,
         CASE WHEN rnd(u, 'org1.admin') < 0.07 THEN 'Admin' ELSE 'Member' END AS role
  FROM bg_users WHERE NOT is_service AND rnd(u, 'inorg') < 0.72
  UNION ALL
  SELECT 100 + floor(getvariable('n_org') * rnd(u, 'org2'))::BIGINT, u,
         CASE WHEN rnd(u, 'org2.admin') < 0.07 THEN 'Admin' ELSE 'Member' END
  FROM bg_users WHERE NOT is_service AND rnd(u, 'inorg') < 0.12
), bg_dedup AS (
  SELECT o_key, u, min(role) AS role FROM bg GROUP BY ALL   -- 'Admin' < 'Member'
)
SELECT o.org_id, us.user_id, m.role, o.o_key, us.u_key
FROM bg_dedup m JOIN orgs o USING (o_key) JOIN users_all us ON us.u_key = 1000 + m.u
UNION ALL
SELECT o.org_id, us.user_id, m.role, o.o_key, us.u_key
FROM planted_org_members m JOIN orgs o ON o.planted AND o.name = m.org JOIN users_all us ON us.planted AND us.username = m.username;

-- Projects. Background owners: about 10% organizations, the rest users (a few own many).
CREATE TABLE projects_all AS
WITH bg AS (
  SELECT 1000 + j AS p_key, false AS planted,
    pick(project_topics(), rnd(j, 'p.topic')) || '-' || pick(project_kinds(), rnd(j, 'p.kind')) AS base_name,
    '67c0' || substr(md5('project-' || {{seed}} || '-' || j), 1, 12) || printf('%08x', j) AS project_id,
    CASE WHEN rnd(j, 'p.orgowned') < 0.10 THEN 100 + floor(getvariable('n_org') * rnd(j, 'p.org'))::BIGINT END AS org_o_key,
    1000 + floor(getvariable('n_bg') * pow(rnd(j, 'p.owner'), 1.4))::BIGINT AS owner_u_key,
    CASE WHEN rnd(j, 'p.vis') < 0.55 THEN 'Private' WHEN rnd(j, 'p.vis') < 0.85 THEN 'Searchable' ELSE 'Public' END AS visibility,
    rnd(j, 'p.archived') < 0.12 AS archived,
    rnd(j, 'p.created') AS x_created
  FROM range(getvariable('n_proj')) t(j)
), bg_owned AS (
  SELECT b.p_key, b.planted, b.base_name, b.project_id, coalesce(o.org_id, u.user_id) AS owner_id,
    b.visibility, b.archived,
    -- created after the owner joined (or some time in the last four years for organizations)
    CASE WHEN o.org_id IS NULL AND u.created_ms IS NOT NULL
         THEN u.created_ms + floor(b.x_created * (asof_ms() - u.created_ms))::BIGINT
         ELSE days_before(30 + floor(1400 * b.x_created), 0) + tod_ms(b.p_key, 'p.created') END AS created_ms
  FROM bg b JOIN users_all u ON u.u_key = b.owner_u_key LEFT JOIN orgs o ON o.o_key = b.org_o_key
), planted AS (
  SELECT p.ppidx AS p_key, true AS planted, p.name AS base_name, p.project_id,
    CASE WHEN p.owner LIKE 'org:%' THEN (SELECT org_id FROM orgs WHERE planted AND name = substr(p.owner, 5))
         WHEN p.owner LIKE 'id:%' THEN substr(p.owner, 4)
         ELSE (SELECT user_id FROM users_all WHERE planted AND username = p.owner) END AS owner_id,
    p.visibility, p.archived, days_before(p.created_days, 11.0) AS created_ms
  FROM planted_projects p
), named AS (
  SELECT *, row_number() OVER (PARTITION BY base_name ORDER BY planted DESC, p_key) AS name_rank
  FROM (SELECT * FROM planted UNION ALL SELECT * FROM bg_owned)
)
SELECT n.p_key, n.planted, n.project_id,
  CASE WHEN n.name_rank = 1 THEN n.base_name ELSE n.base_name || '-' || n.name_rank END AS name,
  n.owner_id, coalesce(u.username, o.name) AS owner_name,   -- NULL for an owner nobody defines
  n.visibility, n.archived, n.created_ms,
  -- native projects.json: `archived` is optional; it is written when true and for some others
  n.archived OR rnd(n.p_key, 'p.archkey') < 0.5 AS archived_key,
  CASE WHEN n.archived OR rnd(n.p_key, 'p.status') < 0.15 THEN 'complete' ELSE 'active' END AS run_status
FROM named n
LEFT JOIN users_all u ON u.user_id = n.owner_id AND u.defined
LEFT JOIN orgs o ON o.org_id = n.owner_id;

-- Project members: 0-6 collaborators per background project, distinct by construction
-- (members are base + m*step modulo the background size; step*6 < size).
CREATE TABLE project_members_all AS
WITH slots AS (
  SELECT p.p_key, p.project_id, m, (p.p_key - 1000) * 8 + m AS slot_key,
    -- the owner's background index, or a random one for organization-owned projects
    coalesce(u.u_key - 1000, floor(getvariable('n_bg') * rnd(p.p_key, 'pm.base'))::BIGINT) AS base,
    1 + floor(rnd(p.p_key, 'pm.step') * greatest(1, least(97, (getvariable('n_bg') - 1) // 7)))::BIGINT AS step
  FROM projects_all p
  CROSS JOIN range(1, 7) t(m)
  LEFT JOIN users_all u ON u.user_id = p.owner_id AND NOT u.planted
  WHERE NOT p.planted AND m <= floor(7 * pow(rnd(p.p_key, 'pm.count'), 1.6))
), bg AS (
  SELECT s.project_id, s.p_key, s.m,
    -- a few collaborators are whole organizations (distinct per project: n_org > 6)
    CASE WHEN rnd(s.slot_key, 'pm.role') < 0.04 AND getvariable('n_org') > 6 THEN o.org_id ELSE u.user_id END AS member_id,
    CASE WHEN rnd(s.slot_key, 'pm.role') < 0.04 THEN 'Contributor'
         WHEN rnd(s.slot_key, 'pm.role') < 0.10 THEN 'Owner'
         WHEN rnd(s.slot_key, 'pm.role') < 0.66 THEN 'Contributor'
         WHEN rnd(s.slot_key, 'pm.role') < 0.84 THEN 'ResultsConsumer'
         WHEN rnd(s.slot_key, 'pm.role') < 0.925 THEN 'LauncherUser'
         WHEN rnd(s.slot_key, 'pm.role') < 0.93 THEN 'launcherUser'
         ELSE 'ProjectImporter' END AS role
  FROM slots s
  JOIN users_all u ON u.u_key = 1000 + (s.base + s.m * s.step) % getvariable('n_bg')
  JOIN orgs o ON o.o_key = 100 + (s.p_key + s.m) % getvariable('n_org')
), planted AS (
  SELECT p.project_id, p.p_key, row_number() OVER (PARTITION BY m.ppidx ORDER BY m.member) AS m,
    CASE WHEN m.member LIKE 'id:%' THEN substr(m.member, 4)
         ELSE (SELECT user_id FROM users_all WHERE planted AND username = m.member) END AS member_id,
    m.role
  FROM planted_project_members m JOIN projects_all p ON p.planted AND p.p_key = m.ppidx
)
SELECT project_id, member_id, role, p_key, m FROM planted
UNION ALL
SELECT project_id, member_id, role, p_key, m FROM bg;
