-- Up Migration

-- The PostgreSQL engine's data model (pgStore.ts). Records keep the shape the embedded store
-- validates (store/records.ts) in a jsonb column; the columns beside it are what queries
-- filter, join or lock on. Timestamps in records stay ISO strings, exactly as written.

CREATE TABLE sites (
  id text PRIMARY KEY,
  record jsonb NOT NULL
);

CREATE TABLE users (
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  user_id text NOT NULL,
  -- normalizeUsername(record.username): what findUserByUsername matches on.
  username_key text NOT NULL,
  -- Bumped on every put: a name two users share goes to the one put last (Store.ts).
  name_claim bigint NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (site_id, user_id)
);
CREATE INDEX users_by_username ON users (site_id, username_key, name_claim DESC);
CREATE SEQUENCE name_claims;

-- A credential needs no user row (the Store contract allows either order); ids are global.
CREATE TABLE credentials (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  user_id text NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX credentials_by_user ON credentials (site_id, user_id);

CREATE TABLE events (
  seq bigserial PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  user_id text NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX events_by_user ON events (site_id, user_id, seq);

CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  added bigserial NOT NULL,
  record jsonb NOT NULL
);

CREATE TABLE used_tokens (
  jti text PRIMARY KEY,
  exp bigint NOT NULL
);
CREATE INDEX used_tokens_by_exp ON used_tokens (exp);

-- What every server of a deployment must share while a ceremony runs (sharedState.ts):
-- ceremonies and append grants, taken at most once; and rate-limit buckets.
CREATE TABLE single_use (
  kind text NOT NULL,
  key text NOT NULL,
  scope text NOT NULL,
  value jsonb NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE INDEX single_use_by_expiry ON single_use (expires_at);
CREATE INDEX single_use_by_scope ON single_use (kind, scope, expires_at);

CREATE TABLE rate_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  at bigint NOT NULL,
  allowed boolean NOT NULL,
  -- When the bucket is full again: past it, the row is the same as no row and can go.
  full_at bigint NOT NULL
);
CREATE INDEX rate_buckets_by_full_at ON rate_buckets (full_at);

-- Down Migration
DROP TABLE rate_buckets;
DROP TABLE single_use;
DROP TABLE used_tokens;
DROP TABLE signing_keys;
DROP TABLE events;
DROP TABLE credentials;
DROP SEQUENCE name_claims;
DROP TABLE users;
DROP TABLE sites;
