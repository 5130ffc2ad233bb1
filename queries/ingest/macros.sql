-- Value parsers shared by every adapter, so both bundle shapes parse values identically.
-- Each returns NULL for NULL input and NULL for a value it cannot parse; the loaders flag
-- "present but unparseable" as an input error.

-- ISO-8601 timestamp; no offset = UTC (session time zone); a bare date = 00:00 UTC.
-- DuckDB also accepts words such as 'epoch' or 'infinity': only values that start with a
-- digit are timestamps here. "hh:mm" without seconds is valid ISO-8601 and is completed.
-- (A string comparison is the cheapest test of the first character: tens of millions of
-- event timestamps go through here.)
-- A time-zone offset must lie within ±18:00 with minutes below 60 (ISO-8601, and every
-- real zone): DuckDB would read "+25:00" or "+12:60" as hours and minutes and shift the
-- instant. Tens of millions of event timestamps go through here: a value ending in Z is
-- settled by one byte test; others take one regular expression (two for a "-hh:mm" offset).
-- (String indexing and LIKE are slower than these in DuckDB: measured.)
CREATE OR REPLACE MACRO aa_tz_offset_ok(x) AS
  suffix(x, 'Z')
  OR (contains(x, '+')
      AND regexp_matches(x, '\d:\d\d(:\d\d(\.\d+)?)?[+-]((0\d|1[0-7])(:?[0-5]\d(:?[0-5]\d)?)?|18((:?00)(:?00)?)?)$'))
  OR (NOT contains(x, '+')
      AND (NOT regexp_matches(x, '\d:\d\d(:\d\d(\.\d+)?)?-\d')
           OR regexp_matches(x, '\d:\d\d(:\d\d(\.\d+)?)?[+-]((0\d|1[0-7])(:?[0-5]\d(:?[0-5]\d)?)?|18((:?00)(:?00)?)?)$')));

CREATE OR REPLACE MACRO aa_ts_iso(x) AS
  CASE WHEN x >= '0' AND x < ':' AND aa_tz_offset_ok(x)
       THEN coalesce(
              try_cast(x AS TIMESTAMPTZ),
              try_cast(regexp_replace(x, '^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2})(Z|[+-]\d{2}(:?\d{2})?)?$', '\1:00\2') AS TIMESTAMPTZ))
  END;

-- Epoch milliseconds (UTC), as a number or a string of digits.
CREATE OR REPLACE MACRO aa_ts_epoch_ms(x) AS
  CASE WHEN x IS NULL THEN NULL
       WHEN regexp_full_match(CAST(x AS VARCHAR), '-?\d{1,15}(\.\d+)?') THEN make_timestamptz(CAST(round(CAST(x AS DOUBLE) * 1000) AS BIGINT))
       ELSE NULL
  END;

-- The unit an epoch number is in, judged by its magnitude for instants between 1971 and
-- the year 3000: 's', 'ms', 'us' or 'ns' (NULL when not a number). A "milliseconds" field
-- holding seconds lands in January 1970; a "seconds" field holding milliseconds lands
-- past the year 3000: both are refused by the loaders, saying which unit was found.
CREATE OR REPLACE MACRO aa_epoch_unit(x) AS
  CASE WHEN try_cast(x AS DOUBLE) IS NULL OR NOT isfinite(try_cast(x AS DOUBLE)) THEN NULL
       WHEN abs(try_cast(x AS DOUBLE)) < 32503680000 THEN 's'
       WHEN abs(try_cast(x AS DOUBLE)) < 32503680000000 THEN 'ms'
       WHEN abs(try_cast(x AS DOUBLE)) < 32503680000000000 THEN 'us'
       ELSE 'ns' END;
-- A value of an epoch-milliseconds field that is really epoch seconds (0 itself is neither).
CREATE OR REPLACE MACRO aa_ms_holds_seconds(x) AS
  coalesce(aa_epoch_unit(x) = 's' AND try_cast(x AS DOUBLE) <> 0, false);

-- Domino's mostRecentActivity has no documented format: ISO-8601 or epoch milliseconds.
CREATE OR REPLACE MACRO aa_ts_iso_or_ms(x) AS
  CASE WHEN regexp_full_match(x, '\d{9,15}') THEN aa_ts_epoch_ms(x) ELSE aa_ts_iso(x) END;

-- true/false/yes/no/1/0, any case.
CREATE OR REPLACE MACRO aa_bool(x) AS
  CASE lower(trim(x)) WHEN 'true' THEN true WHEN 'yes' THEN true WHEN '1' THEN true
                      WHEN 'false' THEN false WHEN 'no' THEN false WHEN '0' THEN false
                      ELSE NULL END;

-- A key as keys compare: lower-cased and trimmed. Values listed in `usual` (already in
-- that form) pass through untouched, which is much cheaper over tens of millions of rows.
CREATE OR REPLACE MACRO aa_key(x, usual) AS
  CASE WHEN list_contains(usual, x) THEN x ELSE lower(trim(x)) END;

-- An enumerated value matched case-, space- and underscore-insensitively; returns its
-- canonical spelling from `canon` (same order as `keys`), NULL if it is none of them.
-- A value already spelled canonically skips the regular expression (the common case,
-- and the one that counts when an event log has tens of millions of rows).
CREATE OR REPLACE MACRO aa_enum(x, keys, canon) AS
  CASE WHEN x IS NULL THEN NULL
       WHEN list_contains(canon, x) THEN x
       ELSE canon[nullif(list_position(keys, lower(regexp_replace(trim(x), '[\s_-]', '', 'g'))), 0)]
  END;

-- ISO-8601 UTC text for a timestamp, as findings.json and the reports show it.
CREATE OR REPLACE MACRO aa_iso(t) AS strftime(t, '%Y-%m-%dT%H:%M:%S.%gZ');

-- License names compare case- and space-insensitively.
CREATE OR REPLACE MACRO aa_license_key(x) AS lower(regexp_replace(coalesce(x, ''), '\s', '', 'g'));

-- A date (ISO-8601 YYYY-MM-DD; an ISO-8601 timestamp gives its UTC date), NULL if it is none.
CREATE OR REPLACE MACRO aa_date(x) AS CAST(aa_ts_iso(trim(x)) AS DATE);
