-- GET /v4/organizations: organizationUserId is the id that appears as owner or member.
-- Checks (_bad) on members: 1 role not Admin/Member.
INSERT INTO organizations (organization_id, name, src, src_row)
SELECT organization_id, name, src, idx FROM stage_organizations ORDER BY idx;

INSERT INTO organization_members (organization_id, user_id, role, src, src_row, _bad)
SELECT organization_id, user_id, aa_enum(role, ['admin', 'member'], ['Admin', 'Member']), src, idx,
       CASE WHEN aa_enum(role, ['admin', 'member'], ['Admin', 'Member']) IS NULL THEN 1 ELSE 0 END
FROM stage_organization_members ORDER BY idx;
