-- Once summarised, a native source's events are no longer needed.
DELETE FROM {{table}} WHERE src = {{src}};
