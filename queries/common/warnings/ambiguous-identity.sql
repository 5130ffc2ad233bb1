-- Accounts that two or more roster people match (by username): treated as unmatched.
SELECT 'ambiguous-identity' AS kind, s.src, count(*) AS count,
       count(*) || ' account(s) match more than one person of the roster by username; they are treated as unmatched'
         || ' (orphaned-account) until the roster tells the people apart' AS message,
       list(a.username || ' matches ' || array_to_string(m.candidates, ', ') ORDER BY a.username, a.user_id)[1:5] AS examples
FROM identity_match m
JOIN identity_accounts a ON a.user_id = m.user_id
CROSS JOIN roster_source s
WHERE m.matched_by = 'ambiguous'
GROUP BY s.src;
