-- Events: one stream `base` of {{n_events}} rows from range(), every value a function of
-- (seed, row index) and of the user it picks, so it streams to disk at any size with its
-- order preserved. Rows 0..n_pev-1 are the planted events, the next n_anchor rows give each
-- eventful background user one login (or run) at exactly their last-active instant, and the
-- rest pick a user (a skewed choice: a few heavy users, a long tail) and a time between the
-- user's first and last active instants. Each row is one native record (a Keycloak event,
-- a run or an audit-trail event); its canonical rows are `kinds` (a GPU or cluster run also
-- yields gpu_workload / distributed_cluster rows at the same instant).

CREATE MACRO cpu_tiers() AS ['small-k8s', 'small-k8s', 'medium-k8s', 'medium-k8s', 'large-k8s', 'Small', 'Medium'];
CREATE MACRO gpu_tiers() AS ['gpu-small-k8s', 'gpu-small-k8s', 'GPU-Large', 'gpu-a100-k8s', 'Gpu-T4'];
CREATE MACRO job_events() AS ['Launch Job', 'Launch Job', 'Launch Job', 'Start Run', 'Start Run', 'Start Batch Run',
  'Restart Job', 'Create Flows Execution'];
CREATE MACRO schedule_events() AS ['Schedule Run', 'Edit Schedule Run', 'Create Scheduled Job'];
CREATE MACRO view_events() AS ['View File', 'View Repo File', 'View Repo File', 'View/Download Flows Output or Artifact'];
-- Audit-trail events that map to no activity kind (audit_event), from a real export (the
-- events that need a license, such as Create Project, are tier-1 kinds: not here).
CREATE MACRO other_events() AS ['Mount External Data Volumes to Execution', 'Mount External Data Volumes to Execution',
  'Get Workspace Logs', 'Get Workspace Logs', 'Get Workspace Logs', 'Stop a Workspace Session', 'Stop Job',
  'Update Workspace Title', 'Add Tags To Project', 'Stop App', 'Create Tag',
  'Add Collaborator', 'Create Project Task', 'Set Environment Variable', 'Archive Job', 'Unschedule Run',
  'Update Project Stage', 'Delete a Workspace', 'Update Workspace', 'Add Grant For Dataset',
  'Add Datasource to Project', 'Download Governance Bundle Report', 'Update Project Setting Event',
  'Access Datasource from Code Execution', 'Mount NetApp-backed Volumes to Execution'];
CREATE MACRO kc_other_types() AS ['CODE_TO_TOKEN', 'CODE_TO_TOKEN', 'CODE_TO_TOKEN', 'REFRESH_TOKEN', 'REFRESH_TOKEN',
  'LOGOUT', 'UPDATE_PASSWORD'];
CREATE MACRO ide_names() AS ['JupyterLab', 'JupyterLab', 'RStudio', 'VS Code', 'SAS'];

-- Activity kind of a background event, from the user's usage tier and a uniform x.
CREATE MACRO pick_kind(ut, svc, x) AS CASE
  WHEN svc THEN CASE WHEN x < 0.7 THEN 'job' ELSE 'scheduled_job' END
  WHEN ut = 0 THEN CASE WHEN x < 0.40 THEN 'app_view' WHEN x < 0.75 THEN 'results_view' WHEN x < 0.83 THEN 'launcher_run'
                        ELSE 'audit_event' END
  WHEN ut = 1 THEN CASE WHEN x < 0.22 THEN 'workspace' WHEN x < 0.48 THEN 'job' WHEN x < 0.54 THEN 'scheduled_job'
                        WHEN x < 0.57 THEN 'app_publish' WHEN x < 0.67 THEN 'app_view' WHEN x < 0.80 THEN 'results_view'
                        WHEN x < 0.82 THEN 'launcher_run' ELSE 'audit_event' END
  ELSE CASE WHEN x < 0.20 THEN 'workspace' WHEN x < 0.42 THEN 'job' WHEN x < 0.47 THEN 'scheduled_job'
            WHEN x < 0.49 THEN 'app_publish' WHEN x < 0.52 THEN 'model_api_publish' WHEN x < 0.60 THEN 'app_view'
            WHEN x < 0.72 THEN 'results_view' WHEN x < 0.74 THEN 'launcher_run' ELSE 'audit_event' END
END;

-- Up to four live projects per background user (owned or collaborating) for their events;
-- a user with none works in one random project. Flat: user_projects rows are numbered
-- (pos) so a user's projects are positions proj_off .. proj_off + proj_cnt - 1.
CREATE TABLE user_projects AS
WITH rel AS (
  SELECT owner_id AS user_id, p_key FROM projects_all WHERE NOT planted AND NOT archived
  UNION
  SELECT m.member_id, m.p_key FROM project_members_all m JOIN projects_all p USING (p_key) WHERE NOT p.planted AND NOT p.archived
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY p_key) AS rn FROM rel
), chosen AS (
  SELECT b.u, coalesce(r.p_key, 1000 + floor(getvariable('n_proj') * rnd(b.u, 'fallback.project'))::BIGINT) AS p_key,
    coalesce(r.rn, 1) AS rn
  FROM bg_users b JOIN users_all a ON a.u_key = 1000 + b.u
  LEFT JOIN ranked r ON r.user_id = a.user_id AND r.rn <= 4
  WHERE b.eventful
)
SELECT row_number() OVER (ORDER BY c.u, c.rn) AS pos, c.u, c.rn, p.project_id, p.name
FROM chosen c JOIN projects_all p USING (p_key);

SET VARIABLE n_anchor = (SELECT count(*) FROM bg_users WHERE eventful);

-- Users the stream can name, by position k: 0..n_anchor-1 the eventful background users
-- (the random picks), then the planted cast (named only by planted events).
CREATE TABLE ev_users AS
SELECT row_number() OVER (ORDER BY b.u) - 1 AS k, a.user_id, a.username, a.idp_id, b.first_ms, b.last_ms, b.ut,
  b.is_service, up.proj_off, up.proj_cnt
FROM bg_users b
JOIN users_all a ON a.u_key = 1000 + b.u
JOIN (SELECT u, min(pos) AS proj_off, count(*) AS proj_cnt FROM user_projects GROUP BY u) up ON up.u = b.u
WHERE b.eventful
UNION ALL
SELECT getvariable('n_anchor') + row_number() OVER (ORDER BY a.u_key) - 1, a.user_id, a.username, a.idp_id,
  NULL, NULL, NULL, a.is_service, NULL, NULL
FROM users_all a WHERE a.planted;

-- The planted events, in the order of the cast.
CREATE TABLE planted_ev AS
SELECT row_number() OVER (ORDER BY p.pidx, days_before(e.days, e.hours), e.ev) - 1 AS i,
  eu.k,
  days_before(e.days, e.hours) AS ts_ms,
  CASE e.ev WHEN 'login_noid' THEN 'login' ELSE e.ev END AS cat,
  e.ev = 'login_noid' AS noid,
  CASE e.ev WHEN 'run' THEN run_kind(e.name) WHEN 'audit' THEN audit_kind(e.name) END AS kind,
  CASE WHEN e.ev = 'run' THEN e.name END AS run_type,
  CASE WHEN e.ev = 'audit' THEN e.name END AS event_name,
  e.hw, e.cluster,
  CASE WHEN pr.project_id IS NOT NULL THEN struct_pack(id := pr.project_id, name := pr.name) END AS proj
FROM planted_events_src e
JOIN planted_users p USING (username)
JOIN ev_users eu ON eu.username = p.username AND eu.k >= getvariable('n_anchor')
LEFT JOIN projects_all pr ON pr.planted AND pr.p_key = e.ppidx;

SET VARIABLE n_pev = (SELECT count(*) FROM planted_ev);

-- The lookup lists, one row: the event stream reads users and planted events by position.
CREATE TABLE ev_user_lists AS
SELECT list(user_id ORDER BY k) AS user_id, list(username ORDER BY k) AS username, list(idp_id ORDER BY k) AS idp_id,
  list(first_ms ORDER BY k) AS first_ms, list(last_ms ORDER BY k) AS last_ms, list(ut ORDER BY k) AS ut,
  list(is_service ORDER BY k) AS is_service, list(proj_off ORDER BY k) AS proj_off, list(proj_cnt ORDER BY k) AS proj_cnt,
  (SELECT list(project_id ORDER BY pos) FROM user_projects) AS proj_ids,
  (SELECT list(name ORDER BY pos) FROM user_projects) AS proj_names
FROM ev_users;
CREATE TABLE planted_ev_list AS SELECT list(ev ORDER BY ev.i) AS events FROM planted_ev ev;

-- The users and planted events are looked up by position in two lists (a one-row cross
-- join), not by a hash join: a hash join may emit the rows of one input chunk in another
-- order, and the order of the stream is part of the output.
CREATE VIEW base AS
WITH r AS (
  SELECT i, hash(i) AS h,
    i < getvariable('n_pev') AS is_planted,
    i >= getvariable('n_pev') AND i < getvariable('n_pev') + getvariable('n_anchor') AS is_anchor
  FROM range({{n_events}}) t(i)
), d AS (
  -- every pseudo-random draw of a row, computed once
  SELECT *,
    CASE WHEN i < getvariable('n_pev') + getvariable('n_anchor') THEN i - getvariable('n_pev')
         ELSE least(getvariable('n_anchor') - 1, floor(getvariable('n_anchor')
                * CASE WHEN rndh(h, 'who') < 0.5 THEN rndh(h, 'k') ELSE pow(rndh(h, 'k'), 2) END))::BIGINT
    END AS rk,
    rndh(h, 'late') AS x_late, rndh(h, 'late.day') AS x_late_day, rndh(h, 't') AS x_t,
    floor((7 + 6 * (rndh(h, 'tod.a') + rndh(h, 'tod.b'))) * 3600000 + rndh(h, 'tod.c') * 1000)::BIGINT AS tod,
    rndh(h, 'cat') AS x_cat, rndh(h, 'kind') AS x_kind, rndh(h, 'src') AS x_src, rndh(h, 'gpu') AS x_gpu,
    rndh(h, 'hw') AS x_hw, rndh(h, 'cluster') AS x_cluster, rndh(h, 'ev') AS x_ev, rndh(h, 'proj') AS x_proj,
    rndh(h, 'noid') AS x_noid, rndh(h, 'unknown') AS x_unknown
  FROM r
), lookups AS (
  SELECT d.*, CASE WHEN d.is_planted THEN lp.events[1 + d.i] END AS p
  FROM d CROSS JOIN (SELECT list(ev ORDER BY ev.i) AS events FROM planted_ev ev) lp
), j AS (
  -- one list per field: extracting a scalar is cheap, extracting a whole struct is not
  SELECT l.* EXCLUDE (p, ix),
    l.p.ts_ms AS p_ts, l.p.cat AS p_cat, l.p.noid AS p_noid, l.p.kind AS p_kind, l.p.run_type AS p_run_type,
    l.p.event_name AS p_event_name, l.p.hw AS p_hw, l.p.cluster AS p_cluster, l.p.proj AS p_proj,
    lu.user_id[l.ix] AS user_id, lu.username[l.ix] AS username, lu.idp_id[l.ix] AS idp_id,
    lu.first_ms[l.ix] AS first_ms, lu.last_ms[l.ix] AS last_ms, lu.ut[l.ix] AS ut,
    lu.is_service[l.ix] AS is_service,
    -- the project a background event is about: one of the user's projects
    lu.proj_off[l.ix] + floor(l.x_proj * lu.proj_cnt[l.ix])::BIGINT AS proj_pos,
    lu.proj_ids[proj_pos] AS r_project_id, lu.proj_names[proj_pos] AS r_project_name
  FROM (SELECT *, 1 + CASE WHEN is_planted THEN p.k ELSE rk END AS ix FROM lookups) l
  CROSS JOIN ev_user_lists lu
), t AS (
  SELECT *,
    CASE WHEN is_planted THEN p_ts
         WHEN is_anchor THEN last_ms
         -- a few events land after the as-of date (the audit must ignore them)
         WHEN last_ms >= days_before(30, 0) AND x_late < 0.0005 THEN days_before(-1 - floor(5 * x_late_day), 0) + tod
         ELSE least(last_ms, greatest(first_ms,
                (first_ms + floor(x_t * (last_ms - first_ms)))::BIGINT // day_ms() * day_ms() + tod))
    END AS ts_ms,
    CASE WHEN is_planted THEN p_cat
         WHEN is_anchor THEN CASE WHEN is_service THEN 'act' ELSE 'login' END
         WHEN is_service THEN 'act'
         WHEN x_cat < 0.36 THEN 'login'
         WHEN x_cat < 0.38 THEN 'login_error'
         WHEN x_cat < 0.41 THEN 'kc_other'
         ELSE 'act' END AS cat0,
    CASE WHEN is_planted THEN p_kind ELSE pick_kind(ut, is_service, x_kind) END AS kind0
  FROM j
), c AS (
  SELECT *,
    CASE WHEN cat0 <> 'act' THEN cat0
         WHEN is_service THEN 'run'
         WHEN kind0 IN ('app_view', 'results_view', 'audit_event') THEN 'audit'
         WHEN x_src < 0.6 THEN 'run'
         ELSE 'audit' END AS cat
  FROM t
), e AS (
  SELECT *,
    CASE WHEN cat IN ('run', 'audit') THEN kind0 END AS kind,
    CASE WHEN cat = 'run' THEN coalesce(p_run_type, kind_run_type(kind0)) END AS run_type,
    cat = 'run' AND CASE WHEN is_planted THEN p_hw ILIKE '%gpu%'
                         ELSE ut = 2 AND kind0 IN ('workspace', 'job', 'scheduled_job') AND x_gpu < 0.3 END AS gpu,
    cat = 'run' AND CASE WHEN is_planted THEN p_cluster
                         ELSE ut = 2 AND kind0 IN ('workspace', 'job') AND x_cluster < 0.08 END AS cluster,
    -- a kind the default tier table does not know: canonical-only, so only on an event that
    -- also exists natively, at its instant, well before any activity window
    NOT is_planted AND cat IN ('run', 'audit') AND ts_ms < days_before(180, 0) AND x_unknown < 0.002 AS unknown_kind
  FROM c
)
SELECT i, is_planted, user_id, username, idp_id, ts_ms, cat, kind, run_type, gpu, cluster,
  CASE WHEN cat <> 'run' THEN NULL
       WHEN is_planted THEN p_hw
       WHEN gpu THEN pick(gpu_tiers(), x_hw)
       ELSE pick(cpu_tiers(), x_hw) END AS hw,
  CASE WHEN cat <> 'audit' THEN NULL
       WHEN is_planted THEN p_event_name
       ELSE CASE kind0
         WHEN 'job' THEN pick(job_events(), x_ev)
         WHEN 'scheduled_job' THEN pick(schedule_events(), x_ev)
         WHEN 'workspace' THEN 'Start a Workspace Session'
         WHEN 'app_publish' THEN 'Publish App'
         WHEN 'model_api_publish' THEN 'Publish Model API'
         WHEN 'app_view' THEN 'View App'
         WHEN 'results_view' THEN pick(view_events(), x_ev)
         WHEN 'launcher_run' THEN 'Run Launcher'
         ELSE pick(other_events(), x_ev) END
  END AS event_name,
  CASE WHEN cat NOT IN ('run', 'audit') THEN NULL
       WHEN is_planted THEN p_proj.id
       ELSE r_project_id END AS project_id,
  CASE WHEN cat NOT IN ('run', 'audit') THEN NULL
       WHEN is_planted THEN p_proj.name
       ELSE r_project_name END AS project_name,
  cat IN ('login', 'login_error') AND CASE WHEN is_planted THEN p_noid ELSE x_noid < 0.015 END AS noid,
  -- the canonical activity rows of a run or audit event
  CASE WHEN cat NOT IN ('run', 'audit') THEN NULL
       WHEN NOT (gpu OR cluster OR unknown_kind) THEN [kind]
       ELSE list_filter([kind, CASE WHEN gpu THEN 'gpu_workload' END, CASE WHEN cluster THEN 'distributed_cluster' END,
                         CASE WHEN unknown_kind THEN 'notebook_export' END], x -> x IS NOT NULL) END AS kinds
FROM e;

-- From here on the session only writes files. No filter pushdown: it would push a file's
-- `WHERE cat IN (…)` below the lookup cross joins of `base` and turn them into nested-loop
-- joins (slow, and not order-preserving). The model tables above are built with it.
SET disabled_optimizers = 'filter_pushdown';
