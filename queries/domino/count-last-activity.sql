-- Does the users file carry Domino's own last-activity date for anyone?
SELECT count(*) AS n FROM users WHERE last_activity_at IS NOT NULL;
