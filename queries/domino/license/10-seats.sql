-- The license position (docs/spec/outputs.md, "The license position"): one row per license
-- of the catalog, Lite included, and one row (tier NULL) for every unknown license name
-- together. Contract columns first; the others feed the Licenses sheet and the page.
--
-- in_use     active accounts, human and service, holding the license, created at or before
--            the evaluation instant (a user created after the as-of date is not in use)
-- idle       of those, the ones with an inactive-seat finding (open or excepted); NULL when
--            inactive-seat was not evaluated
-- projected  in_use after the recommended changes: holders with an OPEN inactive-seat
--            finding give the seat back, holders with an OPEN mislicensed-user finding move
--            to its suggested license (an excepted finding is a decision to keep things as
--            they are); NULL when either rule was not evaluated
-- money      price × 12 × count; NULL when the price (or the purchased count) is unknown
CREATE OR REPLACE TABLE license_seats AS
WITH
p AS (SELECT * FROM params),
holders AS (
  SELECT u.user_id, u.license_known,
         CASE WHEN u.license_known THEN u.license_name END AS name, u.account_type
  FROM user_state u
  CROSS JOIN p
  LEFT JOIN users c ON c.user_id = u.user_id
  WHERE u.status = 'active' AND (c.created_at IS NULL OR c.created_at <= p.eval_instant)
),
ev AS (
  SELECT coalesce((SELECT evaluated FROM rule_status WHERE id = 'inactive-seat'), false) AS inactive_ok,
         coalesce((SELECT evaluated FROM rule_status WHERE id = 'mislicensed-user'), false) AS mis_ok
),
idle AS (
  SELECT h.name, h.license_known, count(*) AS idle, count(*) FILTER (WHERE f.status = 'open') AS reclaim
  FROM holders h JOIN findings f ON f.rule = 'inactive-seat' AND f.subject_id = h.user_id
  GROUP BY ALL
),
moves AS (
  SELECT h.name AS from_name, a.name AS to_name, lf.monthly_price AS from_price, lt.monthly_price AS to_price,
         json_extract_string(f.evidence, '$.direction') AS direction, f.status
  FROM holders h
  JOIN findings f ON f.rule = 'mislicensed-user' AND f.subject_id = h.user_id
  LEFT JOIN licenses lf ON lf.name = h.name
  LEFT JOIN license_aliases a ON a.key = lower(regexp_replace(coalesce(json_extract_string(f.evidence, '$.suggested_license'), ''), '\s', '', 'g'))
  LEFT JOIN licenses lt ON lt.name = a.name
  WHERE h.license_known
),
moved_out AS (
  SELECT from_name AS name,
         count(*) FILTER (WHERE status = 'open' AND to_name IS NOT NULL AND to_name <> from_name) AS moved_out,
         count(*) FILTER (WHERE direction = 'under') AS under_licensed,
         count(*) FILTER (WHERE direction = 'over') AS over_licensed,
         -- What moving the open over-licensed users down saves, and what moving the
         -- under-licensed users up costs (every finding: an exception does not change what
         -- the vendor bills at true-up); NULL as soon as one price is unknown.
         CASE WHEN bool_or(direction = 'over' AND status = 'open' AND (from_price IS NULL OR to_price IS NULL)) THEN NULL
              ELSE coalesce(sum(from_price - to_price) FILTER (WHERE direction = 'over' AND status = 'open'), 0) * 12 END AS downgrade_savings_year,
         CASE WHEN bool_or(direction = 'under' AND (from_price IS NULL OR to_price IS NULL)) THEN NULL
              ELSE coalesce(sum(to_price - from_price) FILTER (WHERE direction = 'under'), 0) * 12 END AS upgrade_cost_year
  FROM moves GROUP BY 1
),
moved_in AS (
  SELECT to_name AS name, count(*) AS moved_in
  FROM moves WHERE status = 'open' AND to_name IS NOT NULL AND to_name <> from_name GROUP BY 1
),
-- Domino's own usage count: a user is a practitioner after starting a run (workspace, job,
-- scheduled job, app) or publishing a model within the last practitioner_days days.
practitioners AS (
  SELECT h.name, h.license_known, count(DISTINCT h.user_id) AS practitioners
  FROM holders h
  JOIN activity_summary a ON a.user_id = h.user_id
  CROSS JOIN p CROSS JOIN license_params lp
  WHERE a.kind IN ('workspace', 'job', 'scheduled_job', 'app_publish', 'model_api_publish', 'distributed_cluster', 'gpu_workload')
    AND a.last_in_period >= p.eval_instant - to_days(lp.practitioner_days)
  GROUP BY ALL
),
has_runs AS (SELECT EXISTS (SELECT 1 FROM activity_summary) AS known),
counts AS (
  SELECT name, license_known, count(*) AS in_use,
         count(*) FILTER (WHERE account_type = 'service') AS service_accounts
  FROM holders GROUP BY ALL
),
catalog AS (
  SELECT name, tier, seat, monthly_price, purchased_seats, true AS known, 0 AS section FROM licenses
  UNION ALL
  SELECT 'Unknown license', NULL, true, NULL, NULL, false, 1
),
rows AS (
  SELECT c.section, c.name AS license, c.tier, c.seat, c.monthly_price, c.purchased_seats AS purchased,
         coalesce(n.in_use, 0) AS in_use,
         coalesce(n.service_accounts, 0) AS service_accounts,
         CASE WHEN ev.inactive_ok THEN coalesce(i.idle, 0) END AS idle,
         CASE WHEN ev.inactive_ok THEN coalesce(i.reclaim, 0) END AS reclaim,
         CASE WHEN ev.mis_ok AND c.known THEN coalesce(o.under_licensed, 0) END AS under_licensed,
         CASE WHEN ev.mis_ok AND c.known THEN coalesce(o.over_licensed, 0) END AS over_licensed,
         CASE WHEN ev.mis_ok THEN coalesce(o.moved_out, 0) END AS moved_out,
         CASE WHEN ev.mis_ok THEN (CASE WHEN o.name IS NULL THEN 0 ELSE o.downgrade_savings_year END) END AS downgrade_savings_year,
         CASE WHEN ev.mis_ok THEN (CASE WHEN o.name IS NULL THEN 0 ELSE o.upgrade_cost_year END) END AS upgrade_cost_year,
         CASE WHEN ev.mis_ok THEN coalesce(m.moved_in, 0) END AS moved_in,
         CASE WHEN hr.known THEN coalesce(pr.practitioners, 0) END AS domino_practitioners
  FROM catalog c
  CROSS JOIN ev CROSS JOIN has_runs hr
  LEFT JOIN counts n ON n.name IS NOT DISTINCT FROM (CASE WHEN c.known THEN c.name END) AND n.license_known = c.known
  LEFT JOIN idle i ON i.name IS NOT DISTINCT FROM (CASE WHEN c.known THEN c.name END) AND i.license_known = c.known
  LEFT JOIN moved_out o ON c.known AND o.name = c.name
  LEFT JOIN moved_in m ON c.known AND m.name = c.name
  LEFT JOIN practitioners pr ON pr.name IS NOT DISTINCT FROM (CASE WHEN c.known THEN c.name END) AND pr.license_known = c.known
)
SELECT license, tier, monthly_price, purchased, in_use, idle,
       CASE WHEN purchased IS NOT NULL THEN greatest(in_use - purchased, 0) END AS over_deployed,
       CASE WHEN purchased IS NOT NULL THEN greatest(purchased - in_use, 0) END AS unused_purchased,
       in_use - reclaim - moved_out + moved_in AS projected,
       monthly_price * 12 * in_use AS cost_in_use_year,
       CASE WHEN monthly_price = 0 THEN 0 ELSE monthly_price * 12 * purchased END AS cost_purchased_year,
       -- not in the contract: what the sheet and the page add
       section, seat, service_accounts, reclaim, moved_out, moved_in, under_licensed, over_licensed, domino_practitioners,
       -- Savings of the recommended changes: idle seats given back (nothing to give back
       -- costs nothing, price or not) and downgrades.
       CASE WHEN reclaim = 0 THEN 0 ELSE monthly_price * 12 * reclaim END + downgrade_savings_year AS potential_savings_year,
       upgrade_cost_year,
       row_number() OVER (ORDER BY section, tier, license) AS ord
FROM rows
ORDER BY ord;
