-- Users holding privileged access ("Changed since last review" lists their new findings first):
-- Organization Admins and deployment Admins.
SELECT user_id FROM user_state WHERE is_org_admin OR admin_anywhere
