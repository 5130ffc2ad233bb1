-- One response or an array of pages; licenseName, else usage.licenseType; mostRecentActivity
-- ISO-8601 or epoch-ms text.
CREATE TEMP TABLE uwu AS
SELECT u.user AS usr, u.usage AS usg
FROM (SELECT unnest(users) AS u FROM read_json({{file}}, format = 'auto', maximum_object_size = 1000000000));
INSERT INTO n_users
SELECT usr.id, usr.username, usr.email, usr.fullName, CASE WHEN usr.isActive THEN 'active' ELSE 'deactivated' END,
  nullif(coalesce(usr.licenseName, usg.licenseType), ''), 'human', usr.createdAtTimestampMs, usr.idpId,
  coalesce(TRY_CAST(usg.mostRecentActivity AS BIGINT), epoch_ms(try_strptime(usg.mostRecentActivity::VARCHAR,
    ['%Y-%m-%dT%H:%M:%S.%gZ', '%Y-%m-%d %H:%M:%S.%g', '%Y-%m-%d %H:%M:%S'])))
FROM uwu;
INSERT INTO n_roles SELECT usr.id, unnest(usr.roles) FROM uwu;
DROP TABLE uwu;
