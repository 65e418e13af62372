-- Time to first contact (dashboards, issue 13): each card keeps its first contact, so the dashboard reads it with the
-- cohort (one index-only range) instead of joining, for every request, the range's call center contacts to their
-- cards through the holders and the range's done activities to theirs (half the dashboard's time over 100k cards).
--
-- A card's first contact is the earliest of: a call center contact (contact_attempts) with its current holder, and
-- an activity of the card that is done (its completed_at), either at or after the card's creation. The triggers
-- below keep it true whatever the write path (API, import, merge, dialer): a new contact or a newly done activity can
-- only make it earlier; an activity reopened, cancelled or moved, or a holder changed, has it computed again.

ALTER TABLE opportunities ADD COLUMN first_contact_at timestamptz;

-- The rule, for a set of cards: their first contact computed from the sources.
CREATE FUNCTION opportunity_first_contacts(ids uuid[]) RETURNS TABLE (id uuid, at timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT o.id, least(
      (SELECT min(ca.created_at) FROM opportunity_people op
         JOIN contact_attempts ca ON ca.workspace_id = op.workspace_id AND ca.person_id = op.person_id
           AND ca.created_at >= o.created_at
       WHERE op.opportunity_id = o.id AND op.role = 'holder'),
      (SELECT min(a.completed_at) FROM activities a
       WHERE a.opportunity_id = o.id AND a.workspace_id = o.workspace_id AND a.status = 'done'
         AND a.completed_at >= o.created_at))
  FROM opportunities o WHERE o.id = ANY(ids)
$$;

CREATE FUNCTION refresh_first_contacts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE opportunities o SET first_contact_at = f.at
  FROM opportunity_first_contacts(ids) f
  WHERE o.id = f.id AND o.first_contact_at IS DISTINCT FROM f.at
$$;

-- New contacts: the holders' cards created at or before them get the earliest as their first contact if it is sooner.
CREATE FUNCTION first_contact_from_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE opportunities o SET first_contact_at = c.at
  FROM (SELECT o2.id, min(n.created_at) AS at FROM new_contacts n
        JOIN opportunity_people op ON op.person_id = n.person_id AND op.workspace_id = n.workspace_id
          AND op.role = 'holder'
        JOIN opportunities o2 ON o2.id = op.opportunity_id AND o2.workspace_id = op.workspace_id
          AND n.created_at >= o2.created_at
        GROUP BY o2.id) c
  WHERE o.id = c.id AND (o.first_contact_at IS NULL OR o.first_contact_at > c.at);
  RETURN NULL;
END $$;
CREATE TRIGGER contact_attempts_first_contact AFTER INSERT ON contact_attempts
  REFERENCING NEW TABLE AS new_contacts FOR EACH STATEMENT EXECUTE FUNCTION first_contact_from_contacts();

-- New activities already done (imports, a visit registered after the fact): the same, through the card.
CREATE FUNCTION first_contact_from_new_activities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE opportunities o SET first_contact_at = d.at
  FROM (SELECT o2.id, min(n.completed_at) AS at FROM new_activities n
        JOIN opportunities o2 ON o2.id = n.opportunity_id AND o2.workspace_id = n.workspace_id
          AND n.completed_at >= o2.created_at
        WHERE n.status = 'done'
        GROUP BY o2.id) d
  WHERE o.id = d.id AND (o.first_contact_at IS NULL OR o.first_contact_at > d.at);
  RETURN NULL;
END $$;
CREATE TRIGGER activities_first_contact_insert AFTER INSERT ON activities
  REFERENCING NEW TABLE AS new_activities FOR EACH STATEMENT EXECUTE FUNCTION first_contact_from_new_activities();

-- Activities done, reopened, cancelled, re-dated or moved to another card: both cards computed again.
CREATE FUNCTION first_contact_from_changed_activities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_first_contacts(ARRAY(
    SELECT DISTINCT x.opportunity_id FROM old_activities o JOIN new_activities n ON n.id = o.id,
      LATERAL (VALUES (o.opportunity_id), (n.opportunity_id)) x(opportunity_id)
    WHERE x.opportunity_id IS NOT NULL
      AND (o.status, o.completed_at, o.opportunity_id) IS DISTINCT FROM (n.status, n.completed_at, n.opportunity_id)));
  RETURN NULL;
END $$;
CREATE TRIGGER activities_first_contact_update AFTER UPDATE ON activities
  REFERENCING OLD TABLE AS old_activities NEW TABLE AS new_activities
  FOR EACH STATEMENT EXECUTE FUNCTION first_contact_from_changed_activities();

CREATE FUNCTION first_contact_from_removed_activities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_first_contacts(ARRAY(
    SELECT DISTINCT opportunity_id FROM old_activities WHERE opportunity_id IS NOT NULL AND status = 'done'));
  RETURN NULL;
END $$;
CREATE TRIGGER activities_first_contact_delete AFTER DELETE ON activities
  REFERENCING OLD TABLE AS old_activities FOR EACH STATEMENT EXECUTE FUNCTION first_contact_from_removed_activities();

-- A holder added, replaced or removed (a merge moves them too): the card computed again.
CREATE FUNCTION first_contact_from_holders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_first_contacts(ARRAY(SELECT DISTINCT opportunity_id FROM new_people WHERE role = 'holder'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM refresh_first_contacts(ARRAY(SELECT DISTINCT opportunity_id FROM old_people WHERE role = 'holder'));
  ELSE
    PERFORM refresh_first_contacts(ARRAY(
      SELECT opportunity_id FROM old_people WHERE role = 'holder'
      UNION SELECT opportunity_id FROM new_people WHERE role = 'holder'));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER opportunity_people_first_contact_insert AFTER INSERT ON opportunity_people
  REFERENCING NEW TABLE AS new_people FOR EACH STATEMENT EXECUTE FUNCTION first_contact_from_holders();
CREATE TRIGGER opportunity_people_first_contact_update AFTER UPDATE ON opportunity_people
  REFERENCING OLD TABLE AS old_people NEW TABLE AS new_people
  FOR EACH STATEMENT EXECUTE FUNCTION first_contact_from_holders();
CREATE TRIGGER opportunity_people_first_contact_delete AFTER DELETE ON opportunity_people
  REFERENCING OLD TABLE AS old_people FOR EACH STATEMENT EXECUTE FUNCTION first_contact_from_holders();

-- A card's creation moved (an import correcting it): computed again.
CREATE FUNCTION first_contact_from_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_first_contacts(ARRAY[NEW.id]);
  RETURN NULL;
END $$;
CREATE TRIGGER opportunities_first_contact_created AFTER UPDATE OF created_at ON opportunities
  FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at) EXECUTE FUNCTION first_contact_from_created();

-- The cards there are now.
UPDATE opportunities o SET first_contact_at = f.at
FROM opportunity_first_contacts(ARRAY(SELECT id FROM opportunities)) f
WHERE o.id = f.id AND f.at IS NOT NULL;

-- The dashboard no longer reads done activities by completion date (0031's index for the old join).
DROP INDEX activities_dashboard_done_idx;

-- The cohort's covering index carries it (0031), so the dashboard still reads the cohort without visiting the table.
DROP INDEX opportunities_dashboard_created_idx;
CREATE INDEX opportunities_dashboard_created_idx ON opportunities (workspace_id, created_at)
  INCLUDE (id, pipeline_id, stage_id, status, status_reason_id, value_cents, owner_id, team_id, manager_id, branch_id,
    source_media, source_channel, closed_at, first_contact_at);
