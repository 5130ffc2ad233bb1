-- Users holding privileged access ("Changed since last review" lists their new findings first).
SELECT user_id FROM user_state WHERE is_privileged
