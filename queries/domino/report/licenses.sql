-- License true-up: one row per license in the catalog (catalog order: tier, then name), an
-- "Unknown license" row when users hold names the catalog does not know, and a Total row.
--
-- Seats count only active users whose license is a seat (user_state.is_seat).
-- Active / inactive seats: the seat holder is / is not inactive (user_state.inactive).
-- Reclaimable: seats whose holder has an OPEN `inactive-seat` finding (an excepted finding
--   is an accepted risk: the seat is kept on purpose, so it is not counted as savings).
-- Under- / over-licensed: `mislicensed-user` findings by evidence "direction", counted on
--   the row of the license the user holds now. Over-licensed savings count open findings
--   only; under-licensed exposure counts every finding (an exception does not change what
--   the vendor will bill at true-up).
-- Money: from licenses.monthly_price. A NULL price is an unknown cost, never zero: every
--   amount it feeds is NULL, and the Total row sums the known amounts and says which rows
--   it leaves out.
WITH
holders AS (
  SELECT
    CASE WHEN license_known THEN license_name ELSE 'Unknown license' END AS name,
    NOT license_known AS unknown_row,
    user_id, license, is_seat, inactive, monthly_price AS current_price
  FROM user_state
  WHERE status = 'active' AND in_review
),
mis AS (
  SELECT
    f.subject_id AS user_id, f.status,
    json_extract_string(f.evidence, '$.direction') AS direction,
    json_extract_string(f.evidence, '$.suggested_license') AS suggested_license,
    TRY_CAST(json_extract_string(f.evidence, '$.required_tier') AS INTEGER) AS required_tier
  FROM findings f
  WHERE f.rule = 'mislicensed-user' AND json_extract_string(f.evidence, '$.direction') IN ('under', 'over')
),
mis_priced AS (
  SELECT m.*, h.name AS held, h.unknown_row, h.current_price,
    (SELECT l.monthly_price FROM licenses l WHERE l.name = COALESCE(
        (SELECT a.name FROM license_aliases a
          WHERE a.key = lower(regexp_replace(m.suggested_license, '\s+', '', 'g'))),
        (SELECT l2.name FROM licenses l2 WHERE l2.tier >= m.required_tier
          ORDER BY l2.tier, l2.monthly_price NULLS LAST, l2.name LIMIT 1))
    ) AS target_price
  FROM mis m JOIN holders h USING (user_id)
),
mis_by_license AS (
  SELECT held AS name, unknown_row,
    count(*) FILTER (WHERE direction = 'under') AS under_licensed,
    count(*) FILTER (WHERE direction = 'over' AND status = 'open') AS over_licensed,
    -- NULL as soon as one amount is unknown.
    CASE WHEN bool_or(direction = 'over' AND status = 'open' AND (current_price IS NULL OR target_price IS NULL)) THEN NULL
         ELSE COALESCE(sum(current_price - target_price) FILTER (WHERE direction = 'over' AND status = 'open'), 0) END AS downgrade_savings_month,
    CASE WHEN bool_or(direction = 'under' AND (current_price IS NULL OR target_price IS NULL)) THEN NULL
         ELSE COALESCE(sum(target_price - current_price) FILTER (WHERE direction = 'under'), 0) END AS exposure_month
  FROM mis_priced GROUP BY held, unknown_row
),
reclaim AS (
  SELECT h.name, h.unknown_row, count(*) AS reclaimable
  FROM holders h
  JOIN findings f ON f.subject_id = h.user_id AND f.rule = 'inactive-seat' AND f.status = 'open'
  WHERE h.is_seat
  GROUP BY h.name, h.unknown_row
),
held AS (
  SELECT name, unknown_row,
    count(*) AS active_users,
    count(*) FILTER (WHERE is_seat) AS seats,
    count(*) FILTER (WHERE is_seat AND NOT inactive) AS active_seats,
    count(*) FILTER (WHERE is_seat AND inactive) AS inactive_seats,
    string_agg(DISTINCT license, ', ' ORDER BY license) AS names_seen
  FROM holders GROUP BY name, unknown_row
),
catalog AS (
  SELECT name, tier, seat, monthly_price, purchased_seats, FALSE AS unknown_row FROM licenses
  UNION ALL
  SELECT 'Unknown license', NULL, TRUE, NULL, NULL, TRUE
  WHERE EXISTS (SELECT 1 FROM user_state WHERE NOT license_known AND in_review)
),
rows AS (
  SELECT
    c.name AS license, c.tier, c.seat, c.unknown_row,
    COALESCE(h.active_users, 0) AS active_users,
    COALESCE(h.seats, 0) AS seats,
    COALESCE(h.active_seats, 0) AS active_seats,
    COALESCE(h.inactive_seats, 0) AS inactive_seats,
    COALESCE(r.reclaimable, 0) AS reclaimable,
    COALESCE(m.under_licensed, 0) AS under_licensed,
    COALESCE(m.over_licensed, 0) AS over_licensed,
    c.purchased_seats,
    c.monthly_price,
    -- Nobody holding it costs nothing, price or not.
    CASE WHEN COALESCE(h.active_users, 0) = 0 THEN 0 ELSE c.monthly_price * h.active_users END AS monthly_cost,
    CASE WHEN COALESCE(r.reclaimable, 0) = 0 THEN 0 ELSE c.monthly_price * r.reclaimable END AS reclaim_savings_month,
    COALESCE(m.downgrade_savings_month, CASE WHEN m.name IS NULL THEN 0 END) AS downgrade_savings_month,
    COALESCE(m.exposure_month, CASE WHEN m.name IS NULL THEN 0 END) AS exposure_month,
    CASE
      WHEN c.unknown_row THEN 'Not in the license catalog: ' || COALESCE(h.names_seen, '(only deactivated users)') || '. Tier and price unknown.'
      WHEN c.monthly_price IS NULL THEN 'No price in the license catalog: costs unknown.'
    END AS note
  FROM catalog c
  LEFT JOIN held h ON h.name = c.name AND h.unknown_row = c.unknown_row
  LEFT JOIN reclaim r ON r.name = c.name AND r.unknown_row = c.unknown_row
  LEFT JOIN mis_by_license m ON m.name = c.name AND m.unknown_row = c.unknown_row
),
total AS (
  SELECT
    'Total' AS license, NULL::INTEGER AS tier, NULL::BOOLEAN AS seat, NULL::BOOLEAN AS unknown_row,
    sum(active_users), sum(seats), sum(active_seats), sum(inactive_seats), sum(reclaimable),
    sum(under_licensed), sum(over_licensed),
    CASE WHEN bool_and(purchased_seats IS NOT NULL OR NOT seat OR unknown_row) AND bool_or(purchased_seats IS NOT NULL)
         THEN sum(purchased_seats) END,
    NULL::DOUBLE,
    sum(monthly_cost), sum(reclaim_savings_month), sum(downgrade_savings_month), sum(exposure_month),
    CASE WHEN bool_or(monthly_cost IS NULL OR reclaim_savings_month IS NULL
                      OR downgrade_savings_month IS NULL OR exposure_month IS NULL)
         THEN 'Sums of known amounts only; unknown for: '
              || string_agg(license, ', ' ORDER BY unknown_row, tier, license)
                   FILTER (WHERE monthly_cost IS NULL OR reclaim_savings_month IS NULL
                           OR downgrade_savings_month IS NULL OR exposure_month IS NULL)
              || '.'
    END
  FROM rows
)
SELECT
  license, tier, seat,
  active_users, seats, active_seats, inactive_seats, reclaimable, under_licensed, over_licensed,
  purchased_seats,
  CASE WHEN purchased_seats IS NOT NULL THEN seats - purchased_seats END AS seats_over_purchase,
  CASE
    WHEN purchased_seats IS NULL THEN NULL
    WHEN seats > purchased_seats THEN 'Over-deployed by ' || (seats - purchased_seats)
    WHEN seats < purchased_seats THEN 'Under-deployed: ' || (purchased_seats - seats) || ' unused'
    ELSE 'As purchased'
  END AS deployment,
  monthly_price, monthly_cost, monthly_cost * 12 AS annual_cost,
  reclaim_savings_month, downgrade_savings_month,
  (reclaim_savings_month + downgrade_savings_month) * 12 AS annual_savings,
  exposure_month, exposure_month * 12 AS annual_exposure,
  note
FROM (
  SELECT *, 0 AS section FROM rows
  UNION ALL BY NAME
  SELECT *, 1 AS section FROM (SELECT * FROM total) t(license, tier, seat, unknown_row, active_users, seats, active_seats,
    inactive_seats, reclaimable, under_licensed, over_licensed, purchased_seats, monthly_price, monthly_cost,
    reclaim_savings_month, downgrade_savings_month, exposure_month, note)
)
ORDER BY section, unknown_row, tier, license
