-- Runs whose GPU use was judged from the hardware tier's name (contains "gpu"), because
-- hardware-tiers.json is absent or does not list their tier.
SELECT 'gpu-by-tier-name' AS kind, src, count(*) AS count,
       count(*) || ' run(s): GPU use was judged from hardware tier names (a name containing "gpu"), ' ||
       CASE WHEN (SELECT count(*) FROM stage_hardware_tiers) = 0
            THEN 'as the bundle has no hardware-tiers.json (GET /v4/hardwareTier?show_archived=true)'
            ELSE 'as hardware-tiers.json does not list their tier' END AS message,
       list(DISTINCT hardware_tier ORDER BY hardware_tier)[1:5] AS examples
FROM stage_runs
WHERE hardware_tier IS NOT NULL AND hardware_tier NOT IN (SELECT id FROM stage_hardware_tiers)
GROUP BY src
