-- The county office's workbench (issue 13).

-- Re-scoring: a period's current submissions judged again under the criteria now in force become
-- new submissions that supersede them (the old scoring stays in history). They keep the tables
-- sealed at the township's submission instead of copying megabytes: tables_of names the submission
-- whose submission_tables rows hold them (and whose id is their AES-GCM associated data); NULL is
-- the row's own id. rescored_from is the submission it re-scored.
ALTER TABLE submissions ADD COLUMN tables_of TEXT;
ALTER TABLE submissions ADD COLUMN rescored_from TEXT;

-- Tokens: an optional expiry (ISO 8601 UTC; refused from that instant) and the last time one was
-- used (written at most once a minute per token and isolate, never on the hot path's critical
-- write).
ALTER TABLE tokens ADD COLUMN expires_at TEXT;
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;
