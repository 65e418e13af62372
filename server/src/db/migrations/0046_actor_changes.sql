-- Each app instance keeps who a session is (user, role, branch, teams, the workspace's matrices) for a few seconds
-- instead of asking on every request (modules/auth/actor-cache.ts). Any change to what that answer reads tells every
-- instance to forget what it kept: NOTIFY funil_actors, delivered at commit. Statement triggers: one notice per
-- statement, however many rows (Postgres folds identical notices of a transaction into one). A new session, user,
-- team or integration is in no cache yet: only updates and deletes (and team membership, whose insert changes a user).

CREATE FUNCTION notify_actors_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('funil_actors', 'changed');
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_actor_changes AFTER UPDATE OR DELETE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actors_changed();
CREATE TRIGGER users_actor_changes AFTER UPDATE OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actors_changed();
CREATE TRIGGER workspaces_actor_changes AFTER UPDATE OR DELETE ON workspaces
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actors_changed();
CREATE TRIGGER teams_actor_changes AFTER UPDATE OR DELETE ON teams
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actors_changed();
CREATE TRIGGER team_members_actor_changes AFTER INSERT OR UPDATE OR DELETE ON team_members
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actors_changed();
CREATE TRIGGER integrations_actor_changes AFTER UPDATE OR DELETE ON integrations
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actors_changed();
