-- deployments.json (fullDeployments) → deployments.
-- Checks (_bad): 1 deploymentType is not PRODUCTION, DEV or BRANCH.
INSERT INTO deployments (deployment_id, name, type, src, src_row, _bad)
SELECT deployment_id, name, aa_enum(type, ['production', 'dev', 'branch'], ['PRODUCTION', 'DEV', 'BRANCH']), src, idx,
       CASE WHEN type IS NOT NULL AND aa_enum(type, ['production', 'dev', 'branch'], ['PRODUCTION', 'DEV', 'BRANCH']) IS NULL
            THEN 1 ELSE 0 END
FROM stage_dg_deployments WHERE src = {{src}} ORDER BY idx;
