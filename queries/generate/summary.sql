-- Sizes the generator reports and checks: planted events and anchors (the fewest events a
-- bundle can have), and active users per exported license name (for the config's seats).
SELECT getvariable('n_pev') AS planted_events, getvariable('n_anchor') AS anchors,
  (SELECT count(*) FROM users_all WHERE defined) AS users,
  (SELECT count(*) FROM projects_all) AS projects,
  (SELECT count(*) FROM orgs) AS organizations;
