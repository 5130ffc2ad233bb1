-- GET /v4/hardwareTier?show_archived=true: nothing to land in canonical tables; runs.sql
-- reads stage_hardware_tiers for GPU truth. Checks (_bad): none (numberOfGpus is an integer by shape).
SELECT 1;
