-- Users outside the review: created after the evaluation instant (user_state.in_review).
SELECT count(*) AS users,
       coalesce(list(display_name || ' (created ' || aa_iso(created_at) || ')' ORDER BY created_at, user_id)[1:5], []) AS examples
FROM user_state WHERE NOT in_review
