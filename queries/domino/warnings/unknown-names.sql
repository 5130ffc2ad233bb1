-- Names the spec does not know: roles, licenses, activity kinds. Kept, reported, never fatal.
SELECT 'unknown-role' AS kind, src, count(*) AS count,
       count(*) || ' role assignment(s) use role names Domino does not document' AS message,
       list_sort(list(DISTINCT role))[1:5] AS examples
FROM user_roles
WHERE role NOT IN ('SysAdmin', 'CloudAdmin', 'ProjectManager', 'SupportStaff', 'Practitioner', 'ReadOnlySupportStaff',
                   'Librarian', 'LimitedAdmin', 'LicenseReviewer', 'GovernanceAdmin')
GROUP BY src
UNION ALL
SELECT 'unknown-license', src, count(*),
       count(*) || ' user(s) hold a license name the license catalog does not know; treated as a seat of unknown tier',
       list_sort(list(DISTINCT license))[1:5]
FROM users
WHERE aa_license_key(license) NOT IN (SELECT key FROM license_aliases)
GROUP BY src
UNION ALL
SELECT 'unknown-activity-kind', src, sum(events),
       sum(events) || ' activity event(s) have a kind the activity-tier table does not know; treated as tier 1',
       list_sort(list(DISTINCT kind))[1:5]
FROM activity_summary
WHERE kind NOT IN (SELECT kind FROM activity_tiers)
GROUP BY src;
