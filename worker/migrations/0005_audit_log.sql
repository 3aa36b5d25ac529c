-- Audit log (等保 2.0 安全审计): who did what, when and from where. Append-only: the triggers
-- refuse every UPDATE and DELETE, so not even a bug in the Worker can rewrite history. Rows hold
-- token labels and roles, never token secrets or hashes, never person ID numbers.
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY,   -- order of writing
  at          TEXT    NOT NULL,      -- ISO 8601 UTC
  actor_label TEXT    NOT NULL,      -- the token's label (or the tool that acted, e.g. "npm start")
  actor_role  TEXT    NOT NULL,      -- clerk | county | admin | system
  address     TEXT,                  -- client address (CF-Connecting-IP), NULL when unknown
  action      TEXT    NOT NULL,      -- token.created, token.revoked, criteria.published, period.rescored,
                                     -- submission.stored, submission.superseded
  target      TEXT    NOT NULL,      -- what it acted on: a token label, a version, a submission id, a period
  detail      TEXT    NOT NULL DEFAULT '{}'  -- JSON with the facts of the action
);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
