-- The rows one native source landed in an event table, for its summary query.
(SELECT * FROM {{table}} WHERE src = {{src}})
