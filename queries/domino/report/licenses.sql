-- The license position per license (workbook sheet "Licenses", page section): the seats
-- array of findings.json (queries/domino/license/10-seats.sql, table license_seats) and
-- what the changes it recommends save or cost, then a Total row.
--
-- Counts are never netted across licenses: the Total's over-deployed seats are the sum of
-- each license's overage, its unused purchased seats the sum of each one's surplus.
-- Money: a NULL price is an unknown amount, never zero. The Total sums the known amounts
-- and its note names the licenses it leaves out; when nothing known is left to sum (no
-- prices at all) the Total is unknown too, not 0.
WITH
rows AS (
  SELECT license, tier, in_use,
         CASE WHEN idle IS NOT NULL THEN in_use - idle END AS active_in_use,
         idle,
         CASE WHEN idle IS NULL THEN in_use END AS activity_unknown,
         purchased, over_deployed, unused_purchased, projected, domino_practitioners,
         monthly_price, cost_in_use_year, cost_purchased_year, potential_savings_year, upgrade_cost_year,
         reclaim AS reclaimable, under_licensed, over_licensed, service_accounts,
         CASE
           WHEN section = 1 THEN 'License names the catalog does not know' ||
                coalesce(': ' || (SELECT string_agg(DISTINCT coalesce(nullif(license, ''), '(empty)'), ', ' ORDER BY coalesce(nullif(license, ''), '(empty)'))
                                  FROM user_state WHERE NOT license_known), '') || '. Tier and price unknown.'
           WHEN monthly_price IS NULL AND purchased IS NULL THEN 'No price and no purchased seats in the catalog: costs and over-deployment unknown.'
           WHEN monthly_price IS NULL THEN 'No price in the catalog: costs unknown.'
           WHEN purchased IS NULL AND seat THEN 'No purchased seats in the catalog: over-deployment and contract cost unknown.'
         END AS note,
         ord, 0 AS is_total
  FROM license_seats
),
-- A sum of known amounts; unknown when some are unknown and the known ones sum to nothing.
total AS (
  SELECT 'Total' AS license, NULL::INTEGER AS tier,
         sum(in_use), sum(active_in_use), sum(idle), sum(activity_unknown),
         sum(purchased), sum(over_deployed), sum(unused_purchased),
         CASE WHEN bool_and(projected IS NOT NULL) THEN sum(projected) END,
         sum(domino_practitioners),
         NULL::DOUBLE,
         CASE WHEN bool_or(cost_in_use_year IS NULL) AND coalesce(sum(cost_in_use_year), 0) = 0 THEN NULL ELSE sum(cost_in_use_year) END,
         CASE WHEN bool_or(cost_purchased_year IS NULL AND (purchased IS NOT NULL OR in_use > 0)) AND coalesce(sum(cost_purchased_year), 0) = 0 THEN NULL ELSE sum(cost_purchased_year) END,
         CASE WHEN bool_or(potential_savings_year IS NULL) AND coalesce(sum(potential_savings_year), 0) = 0 THEN NULL ELSE sum(potential_savings_year) END,
         CASE WHEN bool_or(upgrade_cost_year IS NULL) AND coalesce(sum(upgrade_cost_year), 0) = 0 THEN NULL ELSE sum(upgrade_cost_year) END,
         sum(reclaimable), sum(under_licensed), sum(over_licensed), sum(service_accounts),
         CASE WHEN bool_or(cost_in_use_year IS NULL OR potential_savings_year IS NULL OR upgrade_cost_year IS NULL)
              THEN 'Sums of known amounts only; unknown for: '
                   || string_agg(license, ', ' ORDER BY ord) FILTER (WHERE cost_in_use_year IS NULL OR potential_savings_year IS NULL OR upgrade_cost_year IS NULL)
                   || '. Over-deployed and unused seats are summed per license, never netted.'
              ELSE 'Over-deployed and unused seats are summed per license, never netted.' END,
         1000000 AS ord, 1 AS is_total
  FROM rows
)
SELECT license, tier, in_use, active_in_use, idle, activity_unknown, purchased, over_deployed, unused_purchased, projected,
       domino_practitioners, monthly_price, cost_in_use_year, cost_purchased_year, potential_savings_year, upgrade_cost_year,
       reclaimable, under_licensed, over_licensed, service_accounts, note
FROM (SELECT * FROM rows UNION ALL SELECT * FROM total)
ORDER BY is_total, ord;
