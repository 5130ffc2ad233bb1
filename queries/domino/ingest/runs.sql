-- GET /v4/gateway/runs/getByBatchId pages → activity. A run is one activity of its run
-- type; a run with cluster details is also `distributed_cluster`, one on a GPU hardware
-- tier also `gpu_workload`: a tier listed in hardware-tiers.json is a GPU tier when its
-- gpuConfiguration.numberOfGpus > 0, whatever its name; a tier it does not list (or a
-- bundle without it) is judged by name (contains "gpu"). `Endpoint` and `ModelDeploy` are
-- Model APIs. Checks (_bad): 1 startTime/queuedTime.
INSERT INTO activity (user_id, ts, kind, project_id, hardware_tier, src, src_row, _bad)
SELECT r.user_id, aa_ts_iso(r.start_time), k.kind, r.project_id, r.hardware_tier, r.src, r.idx,
       CASE WHEN aa_ts_iso(r.start_time) IS NULL THEN 1 ELSE 0 END
FROM stage_runs r
     LEFT JOIN (SELECT id, bool_or(TRY_CAST(gpus AS INTEGER) > 0) AS gpu FROM stage_hardware_tiers GROUP BY id) t
            ON t.id = r.hardware_tier,
     LATERAL (
       SELECT CASE r.run_type WHEN 'Workspace' THEN 'workspace' WHEN 'Batch' THEN 'job'
                              WHEN 'Scheduled' THEN 'scheduled_job' WHEN 'App' THEN 'app_publish'
                              WHEN 'Launcher' THEN 'launcher_run' WHEN 'ModelApi' THEN 'model_api_publish'
                              WHEN 'Endpoint' THEN 'model_api_publish' WHEN 'ModelDeploy' THEN 'model_api_publish'
                              ELSE 'job' END AS kind
       UNION ALL SELECT 'distributed_cluster' WHERE r.has_cluster = 'true'
       UNION ALL SELECT 'gpu_workload' WHERE coalesce(t.gpu, r.hardware_tier ILIKE '%gpu%')
     ) k
ORDER BY r.idx, k.kind;
