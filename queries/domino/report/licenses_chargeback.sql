-- Chargeback: seats in use and their cost per Domino organization, and per department and
-- cost center when the identity roster is present (person_of_account, filled by the
-- identity adapter; empty otherwise, and then those rows are absent).
-- A member of several organizations counts in each (Seats), and their cost is split evenly
-- between them (Allocated cost), so the organization rows add up to the total cost.
-- Money: price × 12; NULL when the price is unknown.
WITH
h AS (SELECT * FROM license_holders),
orgs AS (
  SELECT m.user_id, m.organization_id, coalesce(o.name, m.organization_id) AS org_name,
         count(*) OVER (PARTITION BY m.user_id) AS n_orgs
  FROM (SELECT DISTINCT organization_id, user_id FROM organization_members) m
  LEFT JOIN (SELECT organization_id, any_value(name) AS name FROM organizations GROUP BY 1) o USING (organization_id)
),
by_org AS (
  SELECT 'Organization' AS group_by, coalesce(g.org_name, '(no organization)') AS group_name, 0 AS section,
         h.license, count(*) AS seats, count(*) FILTER (WHERE h.idle) AS idle,
         any_value(h.monthly_price) * 12 * count(*) AS cost_year,
         sum(h.monthly_price * 12 / coalesce(g.n_orgs, 1)) AS allocated_cost_year
  FROM h LEFT JOIN orgs g ON g.user_id = h.user_id
  GROUP BY ALL
),
person AS (
  SELECT user_id, any_value(department) AS department, any_value(cost_center) AS cost_center
  FROM person_of_account GROUP BY user_id
),
has_roster AS (SELECT EXISTS (SELECT 1 FROM person_of_account) AS yes),
by_person AS (
  SELECT d.group_by, d.group_name, d.section, h.license, count(*) AS seats, count(*) FILTER (WHERE h.idle) AS idle,
         any_value(h.monthly_price) * 12 * count(*) AS cost_year, any_value(h.monthly_price) * 12 * count(*) AS allocated_cost_year
  FROM h
  LEFT JOIN person p ON p.user_id = h.user_id
  CROSS JOIN LATERAL (
    SELECT 'Department' AS group_by, coalesce(nullif(trim(p.department), ''), CASE WHEN p.user_id IS NULL THEN '(not in the roster)' ELSE '(no department)' END) AS group_name, 1 AS section
    UNION ALL
    SELECT 'Cost center', coalesce(nullif(trim(p.cost_center), ''), CASE WHEN p.user_id IS NULL THEN '(not in the roster)' ELSE '(no cost center)' END), 2
  ) d
  WHERE (SELECT yes FROM has_roster)
  GROUP BY ALL
),
rows AS (SELECT * FROM by_org UNION ALL SELECT * FROM by_person),
lic AS (SELECT license, ord FROM license_seats)
SELECT r.group_by, r.group_name, r.license, r.seats, r.idle, r.cost_year AS cost_in_use_year, r.allocated_cost_year
FROM rows r LEFT JOIN lic l USING (license)
ORDER BY r.section, starts_with(r.group_name, '('), r.group_name, l.ord
