SELECT rule, severity, subject_id, direction FROM f_expected ORDER BY ALL;
