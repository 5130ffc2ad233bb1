-- Grant rows of one source whose scope and ids do not fit together, or whose role is a word
-- that is no role. Marks `_bad` with the number of the first failed check (codes in
-- src/platforms/dagster/index.ts). A custom role id is anything but a single word of
-- letters: `VIEWER`…`ADMIN`/`AGENT` are the only role names, so `OWNER` or `ADMINN` is a
-- mistake to refuse, not a custom role to guess at. `canonical` is false for native dumps,
-- whose customRoleId field says outright that a value is a custom role id.
UPDATE grants SET _bad =
  CASE WHEN {{canonical}} AND dg_is_custom(role) AND regexp_full_match(role, '[A-Za-z]+') THEN 10
       WHEN scope IN ('deployment', 'code_location') AND coalesce(deployment_id, '') = '' THEN 11
       WHEN scope = 'base_branch_deployments' AND coalesce(deployment_id, '') = '' THEN 16
       WHEN scope = 'code_location' AND coalesce(code_location, '') = '' THEN 12
       WHEN scope IN ('organization', 'all_branch_deployments') AND coalesce(deployment_id, '') <> '' THEN 13
       WHEN scope <> 'code_location' AND coalesce(code_location, '') <> '' THEN 14
       WHEN coalesce(role, '') = '' THEN 15
       ELSE 0 END
WHERE src = {{src}} AND _bad = 0;
