-- Wallet rules (issue 5): a person belongs to its owner's wallet, except when expired (no activity for the
-- workspace's limit: back to distribution) or on active offer (a pool the brokers of a team pick from).

ALTER TABLE people
  ADD COLUMN wallet_status text NOT NULL DEFAULT 'active' CHECK (wallet_status IN ('active', 'expired', 'active_offer')),
  ADD COLUMN wallet_changed_at timestamptz,
  ADD COLUMN offer_team_id uuid REFERENCES teams(id),
  ADD COLUMN last_activity_at timestamptz NOT NULL DEFAULT now(),
  ADD CHECK ((wallet_status = 'active_offer') = (offer_team_id IS NOT NULL));

-- The expiry job walks the active wallets by last activity.
CREATE INDEX people_wallet_activity_idx ON people (last_activity_at) WHERE wallet_status = 'active' AND owner_id IS NOT NULL;
CREATE INDEX people_offer_idx ON people (offer_team_id) WHERE wallet_status = 'active_offer';

-- Anything recorded on a person's timeline (after its creation) is activity: one rule for every writer.
CREATE FUNCTION people_touch_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE people SET last_activity_at = NEW.occurred_at WHERE id = NEW.subject_id AND last_activity_at < NEW.occurred_at;
  RETURN NULL;
END $$;

CREATE TRIGGER timeline_events_person_activity AFTER INSERT ON timeline_events
  FOR EACH ROW WHEN (NEW.subject_type = 'person' AND NEW.kind <> 'created')
  EXECUTE FUNCTION people_touch_activity();
