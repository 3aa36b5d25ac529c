-- Settings fixed for a deployment's life, written once (self-hosting, issue 16). id_hmac_algorithm:
-- how person IDs are keyed (HMAC-SHA256, or HMAC-SM3 on a county's own servers for 密评); the
-- HMACs of two periods only match under one algorithm, so the host refuses to start with another.
CREATE TABLE deployment_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- A database that already holds households was keyed by the Worker's HMAC-SHA256.
INSERT INTO deployment_settings (key, value, created_at)
SELECT 'id_hmac_algorithm', 'HMAC-SHA256', '2026-12-06T00:00:00.000Z' WHERE EXISTS (SELECT 1 FROM households);
