import { encodeCbor, type CborValue } from '../testing/cbor.ts';

/*
 * Seeded generators of bad input for the fuzz test: the same seed gives the same bodies,
 * so a failure reproduces. Mutations start from a valid body, so each one gets past
 * whatever the previous field already rejected.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** mulberry32: small, fast, good enough to spread test cases. */
export class Prng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i += 1) out[i] = this.int(256);
    return out;
  }
}

function randomCbor(rng: Prng, depth = 0): CborValue {
  const kind = rng.int(depth > 3 ? 4 : 7);
  switch (kind) {
    case 0:
      return rng.int(2 ** 31) - 2 ** 30;
    case 1:
      return rng.bytes(rng.int(80)).toString('latin1');
    case 2:
      return new Uint8Array(rng.bytes(rng.int(300)));
    case 3:
      return rng.pick(['fmt', 'attStmt', 'authData', 'none', 'packed', '']);
    case 4:
      return Array.from({ length: rng.int(5) }, () => randomCbor(rng, depth + 1));
    default: {
      const map = new Map<number | string, CborValue>();
      for (let i = rng.int(5); i > 0; i -= 1)
        map.set(rng.pick<number | string>([1, 3, -1, -2, -3, 'fmt', 'authData', 'attStmt', 'x']), randomCbor(rng, depth + 1));
      return map;
    }
  }
}

/** Bad values for a base64url field: random bytes, random or broken CBOR, bit flips, non-base64url. */
export function badBase64url(rng: Prng, valid: string): string {
  const bytes = Buffer.from(valid, 'base64url');
  switch (rng.int(7)) {
    case 0:
      return rng.bytes(rng.int(400)).toString('base64url');
    case 1:
      return Buffer.from(encodeCbor(randomCbor(rng))).toString('base64url');
    case 2: {
      const flipped = Buffer.from(bytes);
      for (let i = 1 + rng.int(4); i > 0 && flipped.length > 0; i -= 1) flipped[rng.int(flipped.length)] = rng.int(256);
      return flipped.toString('base64url');
    }
    case 3:
      return bytes.subarray(0, rng.int(bytes.length + 1)).toString('base64url');
    case 4:
      return `${valid.slice(0, rng.int(valid.length))}${rng.pick(['+', '/', '=', ' ', '%', '\u00e9', '\u0000'])}${valid.slice(rng.int(valid.length))}`;
    case 5:
      return Buffer.from(JSON.stringify(randomJson(rng, 0))).toString('base64url');
    default:
      return Buffer.concat([bytes, rng.bytes(1 + rng.int(64))]).toString('base64url');
  }
}

export function randomJson(rng: Prng, depth: number): Json {
  switch (rng.int(depth > 2 ? 6 : 8)) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return rng.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER]);
    case 3:
      return '';
    case 4:
      return rng.bytes(rng.int(40)).toString('latin1');
    case 5:
      return 'x'.repeat(rng.int(5000));
    case 6:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
    default: {
      const out: { [key: string]: Json } = {};
      for (let i = rng.int(4); i > 0; i -= 1)
        out[rng.pick(['a', 'id', 'type', '__proto__', 'constructor', ''])] = randomJson(rng, depth + 1);
      return out;
    }
  }
}

function deepNesting(rng: Prng): string {
  const depth = 1000 + rng.int(25_000);
  return rng.next() < 0.5 ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth / 5)}1${'}'.repeat(depth / 5)}`;
}

type Path = (string | number)[];

function paths(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value)
    ? value.flatMap((item, index) => paths(item, [...prefix, index]))
    : Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]));
  return [prefix, ...children];
}

function getAt(value: Json, path: Path): Json | undefined {
  let current: Json | undefined = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(step)] : current[String(step)];
  }
  return current;
}

/** Replaces (or with `undefined`, deletes) the value at a non-empty path, in a deep copy. */
function setAt(value: Json, path: Path, replacement: Json | undefined): Json {
  const copy: Json = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1));
  const last = path.at(-1);
  if (parent === null || typeof parent !== 'object' || last === undefined) return copy;
  if (Array.isArray(parent)) {
    if (replacement === undefined) parent.splice(Number(last), 1);
    else parent[Number(last)] = replacement;
  } else if (replacement === undefined) {
    delete parent[String(last)];
  } else {
    parent[String(last)] = replacement;
  }
  return copy;
}

export interface BadBody {
  text: string;
  contentType: string;
  what: string;
}

const BASE64URL = /^[A-Za-z0-9_-]{8,}$/;

/** One bad body derived from a valid one. Most stay JSON objects with one field broken. */
export function mutate(rng: Prng, valid: Json): BadBody {
  const json = (value: Json | string, what: string): BadBody => ({
    text: typeof value === 'string' && what.startsWith('raw') ? value : JSON.stringify(value),
    contentType: 'application/json',
    what,
  });
  const roll = rng.int(100);
  if (roll < 3) return json(rng.pick(['', '{', '{"a":', 'nul', '[1,', '\u00ff\u00fe', '{}}', 'undefined']), 'raw: not JSON');
  if (roll < 6) return json(JSON.stringify(valid).slice(0, rng.int(JSON.stringify(valid).length)), 'raw: truncated');
  if (roll < 9) return json(deepNesting(rng), 'raw: deep nesting');
  if (roll < 11) return json(randomJson(rng, 0), 'not an object');
  if (roll < 13) return json(`{"pad":"${'y'.repeat(66_000)}"}`, 'raw: over 64 KB');
  if (roll < 15)
    return {
      text: JSON.stringify(valid),
      contentType: rng.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-7',
      ]),
      what: 'wrong content type',
    };

  const path = rng.pick(paths(valid).filter((p) => p.length > 0));
  const current = getAt(valid, path);
  const where = path.join('.');
  const op = rng.int(6);
  if (op === 0) return json(setAt(valid, path, undefined), `drop ${where}`);
  if (op === 1) return json(setAt(valid, path, randomJson(rng, 0)), `retype ${where}`);
  if (op === 2) return json(setAt(valid, path, 'z'.repeat(1000 + rng.int(rng.next() < 0.2 ? 66_000 : 8_000))), `huge string at ${where}`);
  if (op === 3 && typeof current === 'string' && BASE64URL.test(current)) {
    return json(setAt(valid, path, badBase64url(rng, current)), `bad base64url at ${where}`);
  }
  if (op === 4) return json(setAt(valid, path, []), `empty array at ${where}`);
  const nested: Json = rng.int(200) > 100 ? [[[[[[[[[[randomJson(rng, 0)]]]]]]]]]] : { a: { b: { c: randomJson(rng, 0) } } };
  return json(setAt(valid, path, nested), `nested value at ${where}`);
}

/** An id of the right shape that names nothing. */
export function unknownId(rng: Prng, prefix: string): string {
  return `${prefix}${rng.bytes(18).toString('base64url')}`;
}

/** Plain JSON data (a deep copy), for typed values that are to be mutated. */
export function asJson(value: unknown): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(asJson);
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = asJson(item);
    return out;
  }
  throw new Error(`not JSON data: ${typeof value}`);
}
