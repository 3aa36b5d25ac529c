-- Roster Check Worker schema. Person ID numbers never appear here: only HMACs (keyed by the
-- ID_HMAC_KEY secret) and masked forms; submitted tables are stored gzip + AES-GCM encrypted.

-- Every criteria document ever accepted; rows are only ever inserted (old versions never lost).
CREATE TABLE criteria_versions (
  version    INTEGER PRIMARY KEY,   -- 1, 2, 3 …; the PRIMARY KEY makes two writers of one number impossible
  profile    TEXT    NOT NULL,
  document   TEXT    NOT NULL,      -- the JSON document as accepted
  author     TEXT    NOT NULL,
  note       TEXT,
  created_at TEXT    NOT NULL
);

-- Bearer tokens: only the SHA-256 of the secret is kept.
CREATE TABLE tokens (
  id         TEXT PRIMARY KEY,      -- public handle, used to revoke
  hash       TEXT NOT NULL UNIQUE,  -- hex SHA-256 of the secret token
  role       TEXT NOT NULL CHECK (role IN ('clerk', 'county', 'admin')),
  township   TEXT,                  -- a clerk's one township, NULL otherwise
  label      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT,
  revoked_at TEXT,
  CHECK ((role = 'clerk') = (township IS NOT NULL))
);

-- One row per accepted submission; the newest per (period, township) has superseded_by NULL.
CREATE TABLE submissions (
  id                TEXT    PRIMARY KEY,
  period            TEXT    NOT NULL,
  township          TEXT    NOT NULL,
  criteria_version  INTEGER NOT NULL REFERENCES criteria_versions (version),
  profile           TEXT    NOT NULL,
  reference_date    TEXT    NOT NULL,
  expected_township TEXT,             -- the clerk's township the rows were checked against
  token_id          TEXT    NOT NULL,
  author            TEXT    NOT NULL,
  created_at        TEXT    NOT NULL,
  superseded_by     TEXT,
  households        INTEGER NOT NULL,
  persons           INTEGER NOT NULL,
  rows_with_errors  INTEGER NOT NULL,
  summary           TEXT    NOT NULL, -- core Summary computed at store time: reports never scan households
  tables_chunks     INTEGER NOT NULL, -- encrypted tables, see submission_tables
  idempotency_key   TEXT,
  request_hash      TEXT,             -- SHA-256 of the body, to refuse a reused key with other content
  response          TEXT    NOT NULL  -- the JSON answered, replayed for a repeated Idempotency-Key
);
CREATE UNIQUE INDEX submissions_latest ON submissions (period, township) WHERE superseded_by IS NULL;
CREATE UNIQUE INDEX submissions_idempotency ON submissions (token_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX submissions_period ON submissions (period, township);

-- Per household results of a submission, for the rectification list and dynamic management.
CREATE TABLE households (
  submission_id TEXT    NOT NULL,
  row           INTEGER NOT NULL,
  household_id  TEXT,
  township      TEXT,
  status        TEXT,
  status_class  TEXT,
  persons       INTEGER,
  score         REAL    NOT NULL,
  exit_eligible INTEGER NOT NULL,
  risk_level    INTEGER NOT NULL,
  -- JSON {indicator: false | null} of the indicators that are NOT true; every other indicator of the
  -- submission's criteria version is true. A passing household stores {} (2 bytes, not ~130: the
  -- 20,000-household insert is dominated by bytes written).
  indicators_not_true TEXT NOT NULL,
  issues        TEXT    NOT NULL,   -- JSON [{rule, field, severity, sheet, row}] of the household and its members
  has_error     INTEGER NOT NULL,
  failing_hard  TEXT    NOT NULL,   -- JSON [hard indicator keys that are false]
  head_hmac     TEXT,
  head_masked   TEXT,
  -- The household's person IDs, JSON [[row, hmac, masked], …]: its members, or its head when the
  -- roster has no member sheet. Kept here rather than one row per person: a submission of 20,000
  -- households then writes 20,000 rows instead of 80,000 (measured: the row count dominates the
  -- insert), and the duplicates report unnests them with json_each when it is asked for.
  person_ids    TEXT    NOT NULL,
  PRIMARY KEY (submission_id, row)
) WITHOUT ROWID;
-- No secondary indexes on purpose: every query reaches households through a submission id (the
-- primary key's prefix), and an index on random HMACs nearly doubled the insert time.

-- The submitted tables (gzip, then AES-GCM), cut into chunks under D1's 1 MB value limit.
CREATE TABLE submission_tables (
  submission_id TEXT    NOT NULL,
  chunk         INTEGER NOT NULL,
  data          BLOB    NOT NULL,
  PRIMARY KEY (submission_id, chunk)
) WITHOUT ROWID;
