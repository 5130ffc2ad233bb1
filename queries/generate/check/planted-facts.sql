-- The facts behind a few planted cases, read off the normalized tables (after expected-findings.sql).
SELECT
  (SELECT count(*) FROM f_reach WHERE pm_id = {{wide}}) AS wide_reach,
  (SELECT count(*) FROM f_reach WHERE pm_id = {{narrow}}) AS narrow_reach,
  (SELECT coalesce(bool_or(via_admin), false) FROM f_reach WHERE pm_id = {{narrow}}) AS narrow_reach_via_admin,
  (SELECT license FROM n_users WHERE user_id = {{under_gpu}}) AS under_gpu_license,
  (SELECT count(*) FROM n_activity WHERE user_id = {{under_gpu}} AND kind = 'gpu_workload'
     AND ts_ms >= epoch_ms(DATE {{as_of}}) - 90 * 86400000::BIGINT AND ts_ms < epoch_ms(DATE {{as_of}}) + 86400000) AS under_gpu_runs_in_window,
  EXISTS (SELECT 1 FROM n_users WHERE user_id = {{absent_owner}}) AS absent_owner_defined,
  EXISTS (SELECT 1 FROM n_users WHERE user_id = {{dangling}}) AS dangling_member_defined,
  (SELECT count(*) FROM n_members WHERE member_id = {{dangling}}) AS dangling_member_projects,
  (SELECT name FROM n_projects WHERE project_id = {{script_project}}) AS script_project_name,
  (SELECT full_name FROM n_users WHERE user_id = {{mallory}}) AS mallory_full_name;
