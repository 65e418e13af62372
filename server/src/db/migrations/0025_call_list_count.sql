-- The call list's capped total (issue 12) counts up to 10,001 matches of a list filter (publicity, interest, lead
-- type). With the person id and the other two list ids in the index, that count reads the summary by index only
-- (no heap visit per match, the other list filters checked in the index) and then looks each person up by key;
-- the old key-only indexes made it fetch every matching summary row from the heap first.
DROP INDEX person_contact_summary_publicity_idx;
DROP INDEX person_contact_summary_interest_idx;
DROP INDEX person_contact_summary_lead_type_idx;
CREATE INDEX person_contact_summary_publicity_idx ON person_contact_summary (workspace_id, publicity_id)
  INCLUDE (person_id, interest_level_id, lead_type_id);
CREATE INDEX person_contact_summary_interest_idx ON person_contact_summary (workspace_id, interest_level_id)
  INCLUDE (person_id, publicity_id, lead_type_id);
CREATE INDEX person_contact_summary_lead_type_idx ON person_contact_summary (workspace_id, lead_type_id)
  INCLUDE (person_id, publicity_id, interest_level_id);
