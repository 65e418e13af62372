-- Dashboards, faster time to first contact (bench/dashboards.ts): the call center contacts of the range find their
-- opportunity through the holder's person id in an index-only probe, instead of every card's holder row being read
-- (a sequential scan of opportunity_people for a wide range).
CREATE INDEX opportunity_people_holder_person_idx ON opportunity_people (person_id)
  INCLUDE (opportunity_id, workspace_id) WHERE role = 'holder';
