SELECT coalesce(license, '') AS license, count(*) AS users
FROM users_all WHERE defined AND status = 'active'
GROUP BY ALL ORDER BY ALL;
