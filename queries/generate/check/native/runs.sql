-- A run is an activity of its run type, plus gpu_workload / distributed_cluster.
CREATE TEMP TABLE runs_json AS
SELECT unnest(runs, max_depth := 2) FROM read_json({{file}}, format = 'array', maximum_object_size = 1000000000);
INSERT INTO n_activity
SELECT userId, ms_of(startTime), k.kind, projectId, hardwareTier
FROM runs_json r, LATERAL (
  SELECT CASE r.runType WHEN 'Workspace' THEN 'workspace' WHEN 'Batch' THEN 'job' WHEN 'Scheduled' THEN 'scheduled_job'
    WHEN 'App' THEN 'app_publish' WHEN 'Launcher' THEN 'launcher_run' WHEN 'ModelApi' THEN 'model_api_publish' ELSE 'job' END AS kind
  UNION ALL SELECT 'gpu_workload' WHERE r.hardwareTier ILIKE '%gpu%'
  UNION ALL SELECT 'distributed_cluster' WHERE r.computeClusterDetails IS NOT NULL
) k;
DROP TABLE runs_json;
