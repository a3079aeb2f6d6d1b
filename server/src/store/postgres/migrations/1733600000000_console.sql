-- Up Migration

-- The site-owner console (issue 15): owners, their passkeys, enrolment links and sessions.
-- Records keep store/records.ts's shape in jsonb, as elsewhere; the columns beside them are what
-- queries filter or expire on. Expiry columns are timestamptz: ISO strings of different
-- precision ("…:00Z", "…:00.000Z") don't compare as text.

-- An owner's sites also as an array beside the record (kept equal to record.siteIds): "the
-- owners of this site" is an array containment the GIN index answers. No foreign key to sites:
-- an owner outlives a removed site, which removeSite takes out of both.
CREATE TABLE console_owners (
  id text PRIMARY KEY,
  site_ids text[] NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX console_owners_by_site ON console_owners USING gin (site_ids);

-- No foreign key to the owner: an enrolment may write the passkey and the owner in either order.
CREATE TABLE console_passkeys (
  id text PRIMARY KEY,
  owner_id text NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX console_passkeys_by_owner ON console_passkeys (owner_id);

-- One-time enrolment links, by the sha256 of their token; a removed site's go with it.
CREATE TABLE console_invites (
  token_hash text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX console_invites_by_site ON console_invites (site_id);
CREATE INDEX console_invites_by_expiry ON console_invites (expires_at);

-- Signed-in sessions, by the sha256 of the cookie's value.
CREATE TABLE console_sessions (
  id_hash text PRIMARY KEY,
  owner_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_at);

-- Down Migration
DROP TABLE console_sessions;
DROP TABLE console_invites;
DROP TABLE console_passkeys;
DROP TABLE console_owners;
