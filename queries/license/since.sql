-- Since the previous review (--previous): per license, seats in use then and now, the seats
-- actually reclaimed (license_realized, queries/<platform>/license/20-realized.sql) and
-- what they save a year beside what this run's recommended changes would, and the in-use
-- count of every quarter available (license_trend). Then a Total: the known amounts summed,
-- unknown when some are unknown and the known ones sum to nothing.
WITH
r AS (
  SELECT r.*, r.in_use - r.previous_in_use AS change_in_use,
         (SELECT string_agg(t.as_of || ': ' || coalesce(CAST(t.in_use AS VARCHAR), '?'), ' → ' ORDER BY t.as_of)
            FROM license_trend t WHERE t.license = r.license) AS in_use_by_quarter
  FROM license_realized r
),
total AS (
  SELECT 'Total' AS license, sum(previous_in_use) AS previous_in_use, sum(in_use) AS in_use, sum(change_in_use) AS change_in_use,
         sum(reclaimed) AS reclaimed, sum(downgraded) AS downgraded,
         CASE WHEN bool_or(realized_savings_year IS NULL) AND coalesce(sum(realized_savings_year), 0) = 0 THEN NULL ELSE sum(realized_savings_year) END AS realized_savings_year,
         CASE WHEN bool_or(potential_savings_year IS NULL) AND coalesce(sum(potential_savings_year), 0) = 0 THEN NULL ELSE sum(potential_savings_year) END AS potential_savings_year,
         NULL AS in_use_by_quarter, 1000000 AS ord
  FROM r
)
SELECT license, previous_in_use, in_use, change_in_use, reclaimed, downgraded, realized_savings_year, potential_savings_year, in_use_by_quarter
FROM (SELECT license, previous_in_use, in_use, change_in_use, reclaimed, downgraded, realized_savings_year, potential_savings_year, in_use_by_quarter, ord FROM r
      UNION ALL SELECT * FROM total)
ORDER BY ord
