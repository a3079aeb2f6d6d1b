-- Up Migration

-- Takes one token from each bucket in order, stopping at the first that has none: one round
-- trip for a request's rate limits (per IP, per IP + username, per username) instead of one
-- each. The arithmetic is tokenBuckets.ts's: refill evenly since the last take, cap at
-- capacity, spend one when at least one is there. Each bucket row is updated under its lock
-- (INSERT … ON CONFLICT), so two servers can't spend the same last token. Returns 0 when every
-- bucket allowed the request, else the milliseconds until the refusing bucket has a token again.
CREATE FUNCTION take_rate_tokens(keys text[], capacities float8[], per_ms float8[], now_ms bigint) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
  i integer;
  had float8;
BEGIN
  FOR i IN 1 .. array_length(keys, 1) LOOP
    INSERT INTO rate_buckets AS b (key, tokens, at, allowed, full_at)
    VALUES (keys[i], capacities[i], now_ms, true, now_ms)
    ON CONFLICT (key) DO UPDATE SET
      tokens = LEAST(capacities[i], b.tokens + GREATEST(0, now_ms - b.at) * per_ms[i]),
      at = now_ms
    RETURNING tokens INTO had;
    IF had < 1 THEN
      UPDATE rate_buckets SET allowed = false, full_at = now_ms + ceil((capacities[i] - had) / per_ms[i])::bigint WHERE key = keys[i];
      RETURN ceil((1 - had) / per_ms[i]);
    END IF;
    UPDATE rate_buckets SET tokens = had - 1, allowed = true, full_at = now_ms + ceil((capacities[i] - had + 1) / per_ms[i])::bigint WHERE key = keys[i];
  END LOOP;
  RETURN 0;
END;
$$;

-- Down Migration
DROP FUNCTION take_rate_tokens(text[], float8[], float8[], bigint);
