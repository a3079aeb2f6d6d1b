-- Up Migration

-- Changes to a site's settings (Store.recordAudit): who, when, what; never a secret.
CREATE TABLE site_audit (
  seq bigserial PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  record jsonb NOT NULL
);
CREATE INDEX site_audit_by_site ON site_audit (site_id, seq DESC);

-- Down Migration
DROP TABLE site_audit;
