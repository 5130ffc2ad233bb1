-- Export: the license position, one row per license (the seats array of findings.json).
SELECT license, tier, monthly_price, purchased, in_use, idle, over_deployed, unused_purchased, projected,
       cost_in_use_year, cost_purchased_year
FROM license_seats ORDER BY ord
