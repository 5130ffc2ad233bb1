-- Totals of the Review rows of any platform: entitlements, reviewers, rows tied to a finding.
SELECT count(*) AS total, count(DISTINCT reviewer) AS reviewers,
       count(*) FILTER (WHERE related_findings <> '') AS with_findings
FROM ({{query}});
