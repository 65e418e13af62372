-- The three AFTER INSERT triggers on timeline_events ran once per row (a plpgsql call and a lookup per event): a
-- bulk write of 2,000 `created` events (an import batch) paid them 2,000 times. They become statement triggers
-- reading the statement's new rows (a transition table) and doing the same work set-based: the same outbox rows
-- and the same wallet activity as before, written in the same transaction.

DROP TRIGGER timeline_events_webhook_outbox ON timeline_events;
DROP TRIGGER timeline_events_helpdesk_sync_outbox ON timeline_events;
DROP TRIGGER timeline_events_person_activity ON timeline_events;
DROP FUNCTION webhook_outbox_capture();
DROP FUNCTION helpdesk_sync_outbox_capture();
DROP FUNCTION people_touch_activity();

-- Every event of a workspace that has an active subscription waits for the webhook relay.
CREATE FUNCTION webhook_outbox_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_outbox (event_id, workspace_id)
  SELECT n.id, n.workspace_id FROM new_events n
  WHERE EXISTS (SELECT 1 FROM webhook_subscriptions s
                WHERE s.workspace_id = n.workspace_id AND s.active AND s.deleted_at IS NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER timeline_events_webhook_outbox AFTER INSERT ON timeline_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION webhook_outbox_capture();

-- A negotiation's stage or status change waits for the helpdesk relay when it is linked to a conversation.
CREATE FUNCTION helpdesk_sync_outbox_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO helpdesk_sync_outbox (event_id, workspace_id)
  SELECT n.id, n.workspace_id FROM new_events n
  WHERE n.subject_type = 'opportunity' AND n.kind IN ('stage_changed', 'status_changed')
    AND EXISTS (SELECT 1 FROM helpdesk_conversations c
                WHERE c.workspace_id = n.workspace_id AND c.opportunity_id = n.subject_id);
  RETURN NULL;
END $$;
CREATE TRIGGER timeline_events_helpdesk_sync_outbox AFTER INSERT ON timeline_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION helpdesk_sync_outbox_capture();

-- Wallet activity: a person's latest event after creation, except an ERP sync and looking at the phones (0009).
CREATE FUNCTION people_touch_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE people p SET last_activity_at = n.at
  FROM (SELECT subject_id, max(occurred_at) AS at FROM new_events
        WHERE subject_type = 'person' AND kind NOT IN ('created', 'erp_synced', 'phones_revealed')
        GROUP BY subject_id) n
  WHERE p.id = n.subject_id AND p.last_activity_at < n.at;
  RETURN NULL;
END $$;
CREATE TRIGGER timeline_events_person_activity AFTER INSERT ON timeline_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION people_touch_activity();
