-- sole-owner-risk: a non-archived project whose owners (owner_id plus members with role
-- Owner; an organization stands for its Admins) are exactly one user, and that user is
-- deactivated, inactive, or absent from the users file.
WITH
  named_owners AS (
    SELECT project_id, owner_id AS owner FROM projects WHERE NOT archived
    UNION
    SELECT m.project_id, m.member_id FROM project_members m
    JOIN projects p ON p.project_id = m.project_id
    WHERE m.role = 'Owner' AND NOT p.archived
  ),
  owners AS (
    SELECT n.project_id, coalesce(om.user_id, n.owner) AS user_id
    FROM named_owners n
    LEFT JOIN organizations o ON o.organization_id = n.owner
    LEFT JOIN organization_members om ON om.organization_id = o.organization_id AND om.role = 'Admin'
    WHERE o.organization_id IS NULL OR om.user_id IS NOT NULL
  ),
  sole AS (
    SELECT project_id, min(user_id) AS owner_id FROM owners
    GROUP BY project_id HAVING count(DISTINCT user_id) = 1
  )
SELECT p.project_id AS subject_id,
       p.name AS subject_name,
       CASE WHEN u.user_id IS NULL OR u.status = 'deactivated' THEN 'high' ELSE 'medium' END AS severity,
       CASE WHEN u.user_id IS NOT NULL AND u.status <> 'deactivated' AND u.insufficient_data THEN 'insufficient-data'
            ELSE 'normal' END AS confidence,
       to_json({
         owner_id: s.owner_id,
         owner_name: u.username,
         owner_status: CASE WHEN u.user_id IS NULL THEN 'absent' ELSE u.status END,
         owner_inactive: u.inactive,
         owner_last_seen: aa_iso(u.last_seen),
         collaborator_count: (SELECT count(DISTINCT m.member_id) FROM project_members m
                              WHERE m.project_id = p.project_id AND m.member_id <> s.owner_id)
       }) AS evidence
FROM sole s
JOIN projects p ON p.project_id = s.project_id
LEFT JOIN user_state u ON u.user_id = s.owner_id
WHERE u.user_id IS NULL OR u.status = 'deactivated' OR u.inactive;
