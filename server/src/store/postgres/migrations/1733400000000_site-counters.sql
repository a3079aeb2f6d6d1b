-- Up Migration

-- A site's aggregate counters per UTC day (Store.addToCounters): counts only, never about one
-- person. Added to by one upsert per call, so servers adding at once all count.
CREATE TABLE site_counters (
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  day text NOT NULL,
  name text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (site_id, day, name)
);

-- Down Migration
DROP TABLE site_counters;
