-- One row: the review period. The evaluation instant is the as-of date 23:59:59.999 UTC;
-- the cutoff is (as-of − inactive_days) at 00:00 UTC; the grace cutoff likewise.
CREATE TABLE params AS
SELECT CAST($as_of AS DATE) AS as_of,
       CAST($as_of AS DATE) + INTERVAL 1 DAY - INTERVAL 1 MILLISECOND AS eval_instant_ts,
       CAST(CAST($as_of AS DATE) - CAST($inactive_days AS INTEGER) AS TIMESTAMPTZ) AS cutoff,
       CAST(CAST($as_of AS DATE) - CAST($grace_days AS INTEGER) AS TIMESTAMPTZ) AS grace_cutoff,
       CAST($inactive_days AS INTEGER) AS inactive_days,
       CAST($grace_days AS INTEGER) AS grace_days,
       CAST($pm_reach_high AS INTEGER) AS pm_reach_high,
       CAST(NULL AS BOOLEAN) AS has_activity_data,    -- set once the bundle is read
       CAST($currency AS VARCHAR) AS currency;
