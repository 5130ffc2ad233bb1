-- overprivileged-project-manager: an active ProjectManager whose implicit reach is not
-- empty. Reach = non-archived projects owned by a *user* (not an organization) who is a
-- member, in any role, of an organization the ProjectManager also belongs to; that owner
-- is not the ProjectManager, and the ProjectManager is not already an explicit Owner.
WITH
  pm AS (
    SELECT * FROM user_state WHERE status = 'active' AND in_review AND list_contains(roles, 'ProjectManager')
  ),
  pm_orgs AS (
    SELECT om.user_id AS pm_id, om.organization_id, om.role AS pm_role
    FROM organization_members om JOIN pm ON pm.user_id = om.user_id
  ),
  reach AS (
    SELECT DISTINCT po.pm_id, po.organization_id, po.pm_role, p.project_id
    FROM pm_orgs po
    JOIN organization_members m ON m.organization_id = po.organization_id AND m.user_id <> po.pm_id
    JOIN projects p ON p.owner_id = m.user_id AND NOT p.archived
    WHERE p.owner_id NOT IN (SELECT organization_id FROM organizations)
      AND NOT EXISTS (
        SELECT 1 FROM project_members x
        WHERE x.project_id = p.project_id AND x.member_id = po.pm_id AND x.role = 'Owner')
  ),
  per_pm AS (
    SELECT pm_id,
           count(DISTINCT project_id) AS reach_size,
           bool_or(pm_role = 'Admin') AS admin_of_reaching_org,
           list_sort(list(DISTINCT organization_id)) AS organization_ids,
           list_sort(list(DISTINCT project_id))[1:10] AS sample_project_ids
    FROM reach GROUP BY pm_id
  ),
  worked_in AS (
    SELECT r.pm_id, count(DISTINCT r.project_id) AS projects_with_activity
    FROM (SELECT DISTINCT pm_id, project_id FROM reach) r
    JOIN activity_summary a ON a.user_id = r.pm_id AND a.window_project_id = r.project_id
    GROUP BY r.pm_id
  )
SELECT pm.user_id AS subject_id,
       pm.username AS subject_name,
       CASE WHEN pm.inactive THEN 'critical'
            WHEN r.admin_of_reaching_org OR r.reach_size >= p.pm_reach_high THEN 'high'
            ELSE 'medium' END AS severity,
       CASE WHEN pm.inactive AND pm.insufficient_data THEN 'insufficient-data' ELSE 'normal' END AS confidence,
       to_json({
         organizations: (SELECT list_sort(list(coalesce(o.name, x.id))) FROM unnest(r.organization_ids) AS x(id)
                         LEFT JOIN organizations o ON o.organization_id = x.id),
         organization_ids: r.organization_ids,
         admin_of_reaching_organization: r.admin_of_reaching_org,
         reach_size: r.reach_size,
         projects_with_activity_in_window: coalesce(w.projects_with_activity, 0),
         sample_project_ids: r.sample_project_ids,
         inactive: pm.inactive,
         last_seen: aa_iso(pm.last_seen)
       }) AS evidence
FROM pm
JOIN per_pm r ON r.pm_id = pm.user_id
LEFT JOIN worked_in w ON w.pm_id = pm.user_id
CROSS JOIN params p;
