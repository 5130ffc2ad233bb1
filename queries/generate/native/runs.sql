-- One run per line, in stream order (src/generate/native.ts pages them with nextBatchId).
COPY (
  SELECT json_object('runId', '68d0' || printf('%020x', i),
    'title', CASE run_type WHEN 'Workspace' THEN pick(ide_names(), rnd(i, 'ide')) || ' session'
                           WHEN 'App' THEN project_name || ' app' WHEN 'ModelApi' THEN project_name || ' model API'
                           WHEN 'Launcher' THEN 'launcher: ' || project_name
                           ELSE pick(['nightly scoring', 'train model', 'refresh features', 'weekly report', 'backfill'], rnd(i, 'title')) END,
    'command', CASE WHEN run_type IN ('Batch', 'Scheduled')
                    THEN pick(['python score.py', 'python train.py --epochs 20', 'Rscript report.R', 'bash etl.sh',
                               'jupyter nbconvert --execute eda.ipynb'], rnd(i, 'cmd')) ELSE '' END,
    'status', CASE WHEN run_type = 'Workspace' THEN 'Stopped'
                   ELSE pick(['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Failed', 'Stopped', 'Error'], rnd(i, 'status')) END,
    'runType', run_type, 'userName', username, 'userId', user_id,
    'projectName', project_name, 'projectId', project_id,
    'runDurationSec', duration_s, 'hardwareTier', hw,
    'queuedTime', iso_ms(ts_ms - (2000 + floor(90000 * rnd(i, 'queue')))::BIGINT),
    'startTime', iso_ms(ts_ms),
    'endTime', CASE WHEN run_type = 'Workspace' AND rnd(i, 'open') < 0.05 THEN NULL ELSE iso_ms(ts_ms + duration_s * 1000) END,
    'computeClusterDetails', CASE WHEN cluster THEN json_object('clusterType', pick(['Spark', 'Ray', 'Dask'], rnd(i, 'ctype')),
                                                                'workerCount', 2 + floor(8 * rnd(i, 'workers'))::BIGINT) END
  ) AS line
  FROM (SELECT *, (20 + floor(7200 * pow(rnd(i, 'duration'), 2)))::BIGINT AS duration_s FROM base WHERE cat = 'run')
) TO {{file}} (FORMAT CSV, HEADER false, QUOTE '', ESCAPE '', DELIMITER {{raw_delim}});
