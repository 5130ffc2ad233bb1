-- Once the bundle is read: does it hold any activity data? Without any, nobody can be
-- judged inactive.
UPDATE params SET has_activity_data = CAST($has_activity_data AS BOOLEAN);
