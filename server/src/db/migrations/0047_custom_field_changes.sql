-- Each app instance keeps the workspaces' custom field definitions (modules/custom-fields/custom-fields.cache.ts):
-- any change to them tells every instance to forget what it kept, NOTIFY funil_custom_fields at commit. A statement
-- trigger: one notice per statement (Postgres folds identical notices of a transaction into one).

CREATE FUNCTION notify_custom_fields_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('funil_custom_fields', 'changed');
  RETURN NULL;
END $$;

CREATE TRIGGER custom_fields_changes AFTER INSERT OR UPDATE OR DELETE ON custom_fields
  FOR EACH STATEMENT EXECUTE FUNCTION notify_custom_fields_changed();
