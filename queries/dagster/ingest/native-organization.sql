-- `data.organization {id, name}` beside a native response's root field → organization.
INSERT INTO organization (organization_id, name, src, src_row)
SELECT organization_id, name, src, idx FROM stage_dg_organization WHERE src = {{src}} ORDER BY idx;
