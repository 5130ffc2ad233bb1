-- Activity kinds outside the tier table exist only in canonical files (native dumps map
-- every run type and event name to a known kind); drop them before comparing shapes.
DELETE FROM {{schema}}.n_activity WHERE kind = 'notebook_export';
