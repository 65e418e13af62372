-- Filters on custom fields (issue 17): the people and opportunities lists filter by a choice, a yes/no or a user
-- field with containment (`custom_fields @> '{"segmento":"varejo"}'`); this index answers it, for one option as for
-- several (a BitmapOr). jsonb_path_ops: smaller than the default opclass and faster for `@>`, the only operator the
-- filters use on it (ranges and text read the value on the rows the other conditions leave).
-- Without workspace_id: a GIN over it needs btree_gin (not installed), and its entry for a workspace would list
-- every record of that workspace — the other entries are far more selective and the workspace is checked on the rows.
-- A filter as dense as 1 in 10 is not read through it at all: the list walks its name order instead
-- (people-search.service.ts); bench/custom-fields.ts measures both.
CREATE INDEX people_custom_fields_idx ON people USING gin (custom_fields jsonb_path_ops);
CREATE INDEX opportunities_custom_fields_idx ON opportunities USING gin (custom_fields jsonb_path_ops);
