INSERT INTO roster_source VALUES ({{src}}, {{file}});
