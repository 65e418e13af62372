-- A recipient's message leaves in two steps, each committed: the batch claims its rows (queued → sending), then each
-- row is marked `dispatched_at` right before its request to the provider. A worker that dies mid-batch leaves the
-- rows it never reached `sending` without `dispatched_at`: certainly never sent, so the relay queues them again
-- (issue 12: a send killed mid-way and restarted finishes). Only the row in flight at the kill — dispatched, its
-- outcome unknown — is failed as interrupted (never sent again; its late status webhook still reconciles it).
-- The mark is a compare-and-set on the claim (`claimed_at`), so a worker that was only slow cannot send a row the
-- relay has queued again and another batch claimed.
ALTER TABLE campaign_recipients ADD COLUMN dispatched_at timestamptz;
