-- Export: the effective role of every principal on every scope where it holds a grant
-- (its own, a team's, or inherited from a wider scope), as the effective-access table.
SELECT * FROM effective_access ORDER BY user_id, scope_order, scope_id
