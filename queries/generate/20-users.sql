-- Users: the planted cast plus {{n_users}} minus its size in background users, each a pure
-- function of (seed, index). One table, users_all, feeds every output shape.

CREATE MACRO first_names() AS [
  'Ana', 'Ben', 'Chloé', 'Daniel', 'Elena', 'Farid', 'Grace', 'Hiroshi', 'Isabel', 'Jamal', 'Katarzyna', 'Liam',
  'María', 'Nikolai', 'Olga', 'Pedro', 'Qiang', 'Rachel', 'Søren', 'Tomás', 'Uma', 'Valentina', 'Wojciech', 'Xavier',
  'Yusuf', 'Zoë', 'Aisha', 'Björn', 'Camille', 'Diego', 'Emeka', 'Fatima', 'Giulia', 'Hannah', 'Ivan', 'Jing',
  'Kwame', 'Lucía', 'Mohammed', 'Nadia', 'Oliver', 'Pooja', 'Rafael', 'Siobhán', 'Thomas', 'Ulrike', 'Vikram', 'Wei',
  'Yara', 'Zainab', 'Amélie', 'Bartosz', 'Carlos', 'Dmitri', 'Esther', 'François', 'Gabriel', 'Helga', 'Ines', 'Jorge',
  'Kenji', 'Leila', 'Marco', 'Noor', 'Oscar', 'Paula', 'Ravi', 'Sara', 'Tariq', 'Ursula', 'Vera', 'Wanjiru',
  'Łukasz', 'Ngozi', 'José', 'Mei', 'Anders', 'Bea', 'Chidi', 'Dana', 'Emil', 'Freya', 'Gustavo', 'Hugo',
  'Ilse', 'Jonas', 'Kiran', 'Lena', 'Mateo', 'Nina', 'Omar', 'Priya', 'Rosa', 'Sven', 'Tanvi', 'Yuki'];
CREATE MACRO last_names() AS [
  'Diaz', 'Evans', 'Okafor', 'Nowak', 'Müller', 'García', 'Kim', 'Nguyen', 'Smith', 'Johansson', 'O''Connor', 'Rossi',
  'Patel', 'Kowalczyk', 'Ødegaard', 'Núñez', 'D''Angelo', 'Schmidt', 'Tanaka', 'Chen', 'Haddad', 'Mensah', 'Silva', 'Dubois',
  'Ivanova', 'Andersen', 'Fernández', 'Brown', 'Wilson', 'Kumar', 'Singh', 'Lopez', 'Martin', 'Novak', 'Horvat', 'Jansen',
  'de Vries', 'Van der Berg', 'Yilmaz', 'Öztürk', 'Costa', 'Ferreira', 'Khan', 'Ali', 'Hughes', 'Murphy', 'O''Neill', 'Walsh',
  'Lindqvist', 'Berg', 'Sato', 'Suzuki', 'Park', 'Lee', 'Wang', 'Zhang', 'Li', 'Adeyemi', 'Okonkwo', 'Abebe',
  'Kariuki', 'Moreau', 'Lefèvre', 'Bianchi', 'Romano', 'Greco', 'Papadopoulos', 'Nagy', 'Dvořák', 'Popescu', 'Petrov', 'Sokolov',
  'Hernández', 'Ramírez', 'Torres', 'Flores', 'Gómez', 'Castro', 'Vargas', 'Reyes', 'Cohen', 'Levi', 'Mizrahi', 'Friedman',
  'Thompson', 'Clarke', 'Wright', 'Campbell', 'Stewart', 'Young', 'King-Smith', 'Baker-Hall', 'Fitzgerald', 'McCarthy', 'MacLeod', 'Ahmed'];
CREATE MACRO svc_words() AS ['etl', 'scoring', 'reporting', 'sync', 'ingest', 'backup', 'monitor', 'airflow', 'dbt', 'mlflow', 'feature', 'export'];
CREATE MACRO svc_envs() AS ['prod', 'dev', 'nightly', 'batch', 'eu', 'us', 'staging'];

SET VARIABLE n_bg = {{n_users}} - (SELECT count(*) FROM planted_users WHERE defined);

CREATE TABLE bg_users AS
WITH a AS (
  SELECT u,
    rnd(u, 'svc') < 0.015 AS is_service,
    rnd(u, 'life') AS xl,
    rnd(u, 'tier') AS xt,
    pick(first_names(), rnd(u, 'first')) AS first_name,
    pick(last_names(), rnd(u, 'last')) AS last_name
  FROM range(getvariable('n_bg')) t(u)
), b AS (
  SELECT *,
    CASE WHEN is_service THEN CASE WHEN xl < 0.10 THEN 'deactivated' WHEN xl < 0.75 THEN 'recent' ELSE 'tail' END
         WHEN xl < 0.07 THEN 'deactivated' WHEN xl < 0.095 THEN 'new_hire' WHEN xl < 0.125 THEN 'never'
         WHEN xl < 0.30 THEN 'tail' WHEN xl < 0.40 THEN 'lapsing' ELSE 'recent' END AS life,
    -- license tier; 9 = a name the default catalog does not know
    CASE WHEN is_service THEN CASE WHEN xt < 0.6 THEN 1 ELSE 2 END
         WHEN xt < 0.35 THEN 0 WHEN xt < 0.68 THEN 1 WHEN xt < 0.98 THEN 2 ELSE 9 END AS tier,
    floor(5 + 500 * rnd(u, 'deact'))::INTEGER AS deact_days
  FROM a
), c AS (
  SELECT *,
    -- days before the as-of date of the user's last event (the "anchor"); NULL = no events
    CASE life
      WHEN 'recent' THEN floor(45 * pow(rnd(u, 'lastday'), 2))
      WHEN 'lapsing' THEN 45 + floor(45 * rnd(u, 'lastday'))
      WHEN 'tail' THEN 91 + floor(273 * rnd(u, 'lastday'))
      WHEN 'deactivated' THEN deact_days + floor(60 * rnd(u, 'lastday'))
    END::INTEGER AS last_days
  FROM b
), d AS (
  SELECT *,
    CASE life
      WHEN 'new_hire' THEN floor(29 * rnd(u, 'created'))
      WHEN 'never' THEN 60 + floor(900 * rnd(u, 'created'))
      ELSE last_days + 14 + floor(1000 * pow(rnd(u, 'created'), 1.5))
    END::INTEGER AS created_days,
    life IN ('recent', 'lapsing', 'tail') OR (life = 'deactivated' AND last_days < 364) AS eventful,
    -- the usage tier: what the user's work needs, mostly but not always their license tier
    CASE WHEN is_service THEN tier
         WHEN tier = 0 THEN CASE WHEN rnd(u, 'ut') < 0.88 THEN 0 WHEN rnd(u, 'ut') < 0.98 THEN 1 ELSE 2 END
         WHEN tier = 1 THEN CASE WHEN rnd(u, 'ut') < 0.80 THEN 1 WHEN rnd(u, 'ut') < 0.92 THEN 0 ELSE 2 END
         WHEN tier = 2 THEN CASE WHEN rnd(u, 'ut') < 0.65 THEN 2 WHEN rnd(u, 'ut') < 0.93 THEN 1 ELSE 0 END
         ELSE CASE WHEN rnd(u, 'ut') < 0.5 THEN 1 ELSE 2 END END AS ut,
    CASE tier
      WHEN 0 THEN pick(['', '', '', 'Lite', 'Lite', 'Results Consumer', 'ResultsConsumer', 'None'], rnd(u, 'spell'))
      WHEN 1 THEN pick(['Data Analyst', 'Data Analyst', 'Data Analyst', 'DataAnalyst', 'DataAnalyst', 'Analyst', 'data analyst'], rnd(u, 'spell'))
      WHEN 2 THEN pick(['Data Science Professional', 'Data Science Professional', 'Data Science Professional',
                        'DataScienceProfessional', 'DataScienceProfessional', 'Practitioner', 'Professional'], rnd(u, 'spell'))
      ELSE pick(['Enterprise Trial', 'Enterprise Trial', 'Legacy Power User'], rnd(u, 'spell'))
    END AS lic
  FROM c
), e AS (
  SELECT *,
    days_before(created_days, 0) + tod_ms(u, 'created') AS created_ms,
    CASE WHEN eventful THEN days_before(last_days, 0) + tod_ms(u, 'last') END AS last_ms
  FROM d
)
SELECT u, is_service, life, tier, ut, first_name, last_name, lic, eventful, created_days, last_days,
  CASE WHEN is_service THEN 'svc-' || pick(svc_words(), rnd(u, 'w1')) || '-' || pick(svc_envs(), rnd(u, 'w2'))
       ELSE asciify(first_name) || '.' || asciify(last_name) END AS base_name,
  CASE WHEN is_service THEN NULL
       WHEN rnd(u, 'fmt') < 0.03 THEN last_name || ', ' || first_name
       ELSE first_name || ' ' || last_name END AS display_name,
  CASE WHEN life = 'deactivated' THEN 'deactivated' ELSE 'active' END AS status,
  -- a few accounts were created before Domino recorded creation times
  CASE WHEN life = 'never' AND rnd(u, 'nocreated') < 0.3 THEN NULL
       WHEN life NOT IN ('new_hire', 'never') AND rnd(u, 'nocreated') < 0.01 THEN NULL
       ELSE created_ms END AS created_ms,
  CASE WHEN life = 'deactivated' THEN days_before(deact_days, 0) + tod_ms(u, 'deactivated') END AS deactivated_ms,
  last_ms,
  greatest(coalesce(created_ms, 0), days_before(365, 0)) AS first_ms,
  -- Domino's own "most recent activity": usually the last event; for some dormant users a
  -- later instant the events do not show; for some nobody knows
  CASE WHEN NOT eventful THEN NULL
       WHEN rnd(u, 'mra') < 0.75 THEN last_ms
       WHEN life = 'tail' AND rnd(u, 'mra') < 0.85 THEN days_before(10 + floor(70 * rnd(u, 'mraday')), 0) + tod_ms(u, 'mra')
  END AS last_activity_ms,
  CASE WHEN rnd(u, 'mrafmt') < 0.3 THEN 'ms' ELSE 'iso' END AS mra_format,
  list_filter([
    CASE WHEN is_service OR tier >= 1 AND rnd(u, 'r.pr') < 0.95 OR tier = 0 AND rnd(u, 'r.pr') < 0.08 THEN 'Practitioner' END,
    CASE WHEN NOT is_service AND tier >= 1 AND rnd(u, 'r.pm') < 0.04 THEN 'ProjectManager' END,
    CASE WHEN NOT is_service AND tier >= 1 AND rnd(u, 'r.sa') < 0.005 THEN 'SysAdmin' END,
    CASE WHEN NOT is_service AND rnd(u, 'r.ca') < 0.001 THEN 'CloudAdmin' END,
    CASE WHEN NOT is_service AND rnd(u, 'r.ss') < 0.003 THEN 'SupportStaff' END,
    CASE WHEN NOT is_service AND rnd(u, 'r.ro') < 0.002 THEN 'ReadOnlySupportStaff' END,
    CASE WHEN NOT is_service AND rnd(u, 'r.li') < 0.004 THEN 'Librarian' END,
    CASE WHEN NOT is_service AND rnd(u, 'r.la') < 0.002 THEN 'LimitedAdmin' END,
    CASE WHEN NOT is_service AND rnd(u, 'r.lr') < 0.002 THEN 'LicenseReviewer' END,
    CASE WHEN NOT is_service AND rnd(u, 'r.ga') < 0.003 THEN 'GovernanceAdmin' END,
    CASE WHEN NOT is_service AND rnd(u, 'r.ds') < 0.001 THEN 'DataSteward' END
  ], r -> r IS NOT NULL) AS roles,
  -- how the native export spells the license: usually licenseName, sometimes only usage.licenseType
  lic <> '' AND rnd(u, 'licstyle') < 0.12 AS license_only_in_usage,
  rnd(u, 'minimal') < 0.08 AS usage_minimal
FROM e;

-- Every user of the bundle, planted first. username is unique case-insensitively.
CREATE TABLE users_all AS
WITH planted AS (
  SELECT p.pidx AS u_key, true AS planted, p.defined, planted_user_id(p.pidx) AS user_id, p.username AS base_name,
    p.full_name, split_part(p.full_name, ' ', 1) AS first_name, nullif(split_part(p.full_name, ' ', 2), '') AS last_name,
    p.status, p.lic_name, p.lic_type, p.account_type = 'service' AS is_service, p.roles,
    days_before(p.created_days, 10.25) AS created_ms,
    CASE WHEN p.deact_days IS NOT NULL THEN days_before(p.deact_days, 17.5) END AS deactivated_ms,
    uuid_of('planted-idp-' || p.username) AS idp_id,
    (SELECT max(days_before(e.days, e.hours)) FROM planted_events_src e
      WHERE e.username = p.username AND e.ev IN ('run', 'audit')) AS last_activity_ms,
    p.mra_format, false AS usage_minimal, NULL::INTEGER AS ut
  FROM planted_users p
), background AS (
  SELECT 1000 + u AS u_key, false, true, '65f1' || substr(md5('user-' || {{seed}} || '-' || u), 1, 12) || printf('%08x', u),
    base_name, coalesce(display_name, 'Service account ' || base_name), first_name, last_name,
    status, CASE WHEN license_only_in_usage THEN NULL ELSE lic END, lic, is_service, roles,
    created_ms, deactivated_ms, uuid_of('idp-' || {{seed}} || '-' || u), last_activity_ms, mra_format, usage_minimal, ut
  FROM bg_users
), named AS (
  SELECT *, row_number() OVER (PARTITION BY lower(base_name) ORDER BY planted DESC, u_key) AS name_rank
  FROM (SELECT * FROM planted UNION ALL SELECT * FROM background)
)
SELECT * EXCLUDE (name_rank), lower(username) || '@example.com' AS email
FROM (SELECT n.*,
  CASE WHEN name_rank = 1 THEN base_name ELSE base_name || name_rank END AS username,
  -- canonical license: licenseName, else usage.licenseType (domino-input.md); '' = none
  nullif(coalesce(lic_name, lic_type), '') AS license
FROM named n);
