SELECT count(*) AS n FROM identity_accounts WHERE deactivated_at IS NOT NULL;
