-- Rows of table a missing from b and of b missing from a (multisets: duplicates count).
SELECT (SELECT count(*) FROM (SELECT * FROM {{a}} EXCEPT ALL SELECT * FROM {{b}})) AS only_a,
       (SELECT count(*) FROM (SELECT * FROM {{b}} EXCEPT ALL SELECT * FROM {{a}})) AS only_b,
       (SELECT count(*) FROM {{a}}) AS rows_a;
