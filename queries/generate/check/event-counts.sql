SELECT (SELECT count(*) FROM {{schema}}.n_logins) AS logins, (SELECT count(*) FROM {{schema}}.n_activity) AS activity;
