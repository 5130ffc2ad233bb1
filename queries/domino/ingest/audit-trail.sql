-- Domino audit trail (audit-trail.csv or audit-events.json, staged alike) → activity.
-- Users by actor id when the export has it, else by user name: the account whose username
-- is exactly the name, else the one account whose username matches it case-insensitively;
-- a name that matches several accounts only by case (ana.diaz, Ana.Diaz) is attributed to
-- nobody and reported (warning ambiguous-username), never guessed. Every event is activity;
-- event names map to activity kinds through audit_event_kinds (the defaults plus the
-- config's audit_events, compared case-insensitively); any other event is `audit_event`
-- (tier 0: presence, not a license need). A project name resolves to a project id only
-- when exactly one project bears it.
-- Resolved once per distinct (actor id, user name), not per event: millions of events
-- name a few thousand users.
CREATE TEMP TABLE at_names AS
SELECT n.actor_id, n.user_name,
       coalesce(by_id.user_id, exact.user_id, CASE WHEN ci.n = 1 THEN ci.user_id END) AS user_id
FROM (SELECT DISTINCT actor_id, user_name FROM stage_audit_trail WHERE src = {{src}}) n
LEFT JOIN (SELECT user_id FROM users) by_id ON by_id.user_id = n.actor_id
LEFT JOIN (SELECT username, min(user_id) AS user_id FROM users GROUP BY username) exact ON exact.username = n.user_name
LEFT JOIN (SELECT lower(username) AS uname, min(user_id) AS user_id, count(*) AS n FROM users GROUP BY 1) ci
       ON ci.uname = lower(n.user_name);

INSERT INTO activity (user_id, ts, kind, project_id, hardware_tier, src, src_row)
SELECT m.user_id, a.ts, coalesce(k.kind, 'audit_event'), p.project_id, NULL, a.src, a.src_row
FROM stage_audit_trail a
JOIN at_names m ON m.actor_id IS NOT DISTINCT FROM a.actor_id AND m.user_name IS NOT DISTINCT FROM a.user_name
LEFT JOIN audit_event_kinds k ON k.event_key = lower(trim(a.event))
LEFT JOIN (SELECT name, min(project_id) AS project_id FROM projects GROUP BY name HAVING count(*) = 1) p
       ON p.name = a.project_name
WHERE a.src = {{src}} AND m.user_id IS NOT NULL AND a._bad = 0;

INSERT INTO unmatched_events (ref, ts, src, src_row)
SELECT coalesce(a.user_name, a.actor_id), a.ts, a.src, a.src_row
FROM stage_audit_trail a
JOIN at_names m ON m.actor_id IS NOT DISTINCT FROM a.actor_id AND m.user_name IS NOT DISTINCT FROM a.user_name
WHERE a.src = {{src}} AND m.user_id IS NULL AND a._bad = 0;

DROP TABLE at_names;
