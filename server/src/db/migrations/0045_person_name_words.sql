-- The whole words of each person's name and trade name (as search_text sees them, cut at 20 letters like the
-- stored prefixes), each beside the name the list sorts by. A search for a common word ("maria", "silva") reads
-- its matches in name order from (workspace_id, word, name, person_id) — one ordered index range per word that
-- starts with what was typed — instead of reading every match and sorting it: the people GIN index knows who
-- matches, not in what order. Kept by triggers on people, so every writer (API, import, intake, merge) keeps it.

CREATE TABLE person_name_words (
  workspace_id uuid NOT NULL,
  word text COLLATE "C" NOT NULL,
  name text NOT NULL,
  person_id uuid NOT NULL,
  PRIMARY KEY (workspace_id, word, name, person_id),
  FOREIGN KEY (workspace_id, person_id) REFERENCES people (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX person_name_words_person_idx ON person_name_words (workspace_id, person_id);

-- The distinct whole words of a name (2+ characters, at most 20, accents and case folded).
CREATE FUNCTION name_words(text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
  SELECT DISTINCT left(w, 20) FROM regexp_split_to_table(search_text($1), '[^[:alnum:]]+') AS w WHERE length(w) >= 2;
END;

INSERT INTO person_name_words (workspace_id, word, name, person_id)
SELECT p.workspace_id, w, p.name, p.id FROM people p, name_words(p.name || ' ' || coalesce(p.trade_name, '')) AS w;

-- Inserts are often many rows at once (an import batch): one statement reads them all.
CREATE FUNCTION person_name_words_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO person_name_words (workspace_id, word, name, person_id)
  SELECT n.workspace_id, w, n.name, n.id FROM new_people n, name_words(n.name || ' ' || coalesce(n.trade_name, '')) AS w;
  RETURN NULL;
END $$;
CREATE TRIGGER people_name_words_insert AFTER INSERT ON people
  REFERENCING NEW TABLE AS new_people FOR EACH STATEMENT EXECUTE FUNCTION person_name_words_insert();

-- A renamed person (rare) gets its words again.
CREATE FUNCTION person_name_words_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM person_name_words WHERE workspace_id = OLD.workspace_id AND person_id = OLD.id;
  INSERT INTO person_name_words (workspace_id, word, name, person_id)
  SELECT NEW.workspace_id, w, NEW.name, NEW.id FROM name_words(NEW.name || ' ' || coalesce(NEW.trade_name, '')) AS w;
  RETURN NULL;
END $$;
CREATE TRIGGER people_name_words_update AFTER UPDATE OF name, trade_name ON people
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.trade_name IS DISTINCT FROM NEW.trade_name)
  EXECUTE FUNCTION person_name_words_update();

GRANT SELECT, INSERT, DELETE ON person_name_words TO funil_app;

ANALYZE person_name_words;
