-- Session settings for the generator. Files are written in stream order (event files have
-- no ORDER BY: a sort of 50M rows would cost more than the generation), so insertion order
-- must be preserved. Spills, if any, go to the generator's staging folder.
SET preserve_insertion_order = true;
SET temp_directory = {{temp_dir}};
