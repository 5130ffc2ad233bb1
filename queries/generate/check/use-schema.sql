-- Load the next bundle into its own schema, so two bundles can be compared in one database.
CREATE SCHEMA IF NOT EXISTS {{schema}};
SET schema = {{schema_name}};
