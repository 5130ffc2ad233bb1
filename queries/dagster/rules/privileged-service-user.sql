-- privileged-service-user: a service user whose effective role is ADMIN on a deployment
-- (all branch deployments included) or at organization scope: whoever holds one of its
-- tokens is an admin. High at organization scope, else medium.
SELECT u.user_id AS subject_id,
       any_value(u.display_name) AS subject_name,
       CASE WHEN bool_or(g.scope = 'organization') THEN 'high' ELSE 'medium' END AS severity,
       'normal' AS confidence,
       to_json({
         organization_admin: bool_or(g.scope = 'organization'),
         admin_scopes: list(DISTINCT g.scope_phrase ORDER BY g.scope_phrase),
         admin_scope_count: count(DISTINCT (g.scope, g.scope_id))
       }) AS evidence
FROM access_grants g
JOIN user_state u ON u.user_id = g.user_id
WHERE u.account_type = 'service' AND g.deployment_admin AND u.in_review
GROUP BY u.user_id;
