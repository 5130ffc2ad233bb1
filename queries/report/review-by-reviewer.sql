-- Per reviewer: how many entitlements, how many tied to a finding, and per scope (the
-- scopes are whatever the platform's review query names). Busiest reviewers first.
WITH r AS (
  SELECT reviewer, scope, count(*) AS n, count(*) FILTER (WHERE related_findings <> '') AS f
  FROM ({{query}}) GROUP BY reviewer, scope
)
SELECT reviewer, sum(n) AS entitlements, sum(f) AS with_findings,
       string_agg(scope || ' ' || n, ' · ' ORDER BY scope) AS scopes
FROM r GROUP BY reviewer
ORDER BY with_findings DESC, entitlements DESC, reviewer
LIMIT {{limit}};
