-- The 'territory' record scope (decision 024): which territories a user reaches is loaded with
-- their principal, which every process caches. A change of a territory's members, or of the tree
-- (a new territory, a move, a deletion), announces itself on kith_auth like a team's change
-- (migration 0007), so that every process drops what it cached and live sockets re-check.
-- companies, leads and deals already have their territory_id index (0027, 0029).
CREATE TRIGGER territory_members_auth_changed AFTER INSERT OR UPDATE OR DELETE ON territory_members FOR EACH ROW
  EXECUTE FUNCTION kith_auth_changed('scope', 'territory_id');
CREATE TRIGGER territories_auth_inserted AFTER INSERT OR DELETE ON territories FOR EACH ROW
  EXECUTE FUNCTION kith_auth_changed('scope', 'id');
CREATE TRIGGER territories_auth_changed AFTER UPDATE ON territories FOR EACH ROW
  WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
  EXECUTE FUNCTION kith_auth_changed('scope', 'id');
