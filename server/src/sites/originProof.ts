import { lookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { ORIGIN_PROOF_PATH } from '@pkc/shared';

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 16 * 1024;

/**
 * Addresses that are not the public internet: loopback, private networks, link-local (cloud
 * metadata services live there), carrier-grade NAT, unique-local and unspecified. An origin
 * anyone may type (self-service registration) must not make the server reach into its own network.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is the IPv4 one.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return !NOT_PUBLIC.check(mapped, 'ipv4');
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `localhost` and `*.localhost` are loopback whatever a resolver says (RFC 6761). */
export const isLoopbackName = (hostname: string) => hostname === 'localhost' || hostname.endsWith('.localhost');

/** A URL on this machine: a loopback name, or a loopback address written out. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return isLoopbackName(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}

type LookupAll = (error: NodeJS.ErrnoException | null, addresses: Array<{ address: string; family: number }>) => void;

/**
 * `*.localhost` names are loopback (RFC 6761) — how partner sites run in development and tests —
 * whatever the system's resolver says about them. Without `allowPrivate`, a name that resolves
 * to an address that isn't public fails: the check is on the address actually connected to, so
 * a DNS answer can't point the fetch inside after a first look.
 */
function lookupFor(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    const answer = (address: string, family: number) => {
      if (!allowPrivate && !isPublicAddress(address)) {
        callback(Object.assign(new Error(`${hostname} is not a public address`), { code: 'ENOTPUBLIC' }), '', 0);
        return;
      }
      if (options.all) (callback as unknown as LookupAll)(null, [{ address, family }]);
      else callback(null, address, family);
    };
    if (isLoopbackName(hostname)) {
      answer('127.0.0.1', 4);
      return;
    }
    lookup(hostname, { family: options.family ?? 0 }, (error, address, family) => {
      if (error) callback(error, '', 0);
      else answer(address, family);
    });
  };
}

export interface OriginProofFetchOptions {
  /**
   * Whether loopback and private addresses may be fetched: yes when the operator asks (`npm run
   * site -- verify`), only on a development server (itself on loopback) when a console owner does.
   */
  allowPrivateAddresses?: boolean;
  /** The whole fetch's budget; default 5 s. */
  timeoutMs?: number;
}

/**
 * What an origin serves at ORIGIN_PROOF_PATH: parsed JSON, or an Error saying why not. Only
 * that path of the site's own registered origin, one GET, no redirects followed, at most 16 KB
 * and 5 s in all (a server trickling bytes is cut at 5 s too): registering a site can't make the
 * server fetch anything else, nor hold it.
 */
export function fetchOriginProof(origin: string, options: OriginProofFetchOptions = {}): Promise<unknown> {
  const url = new URL(ORIGIN_PROOF_PATH, origin);
  const allowPrivate = options.allowPrivateAddresses ?? true;
  // An address written in the URL is connected to without a lookup: check it here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(literal) !== 0 && !isPublicAddress(literal)) {
    return Promise.resolve(new Error(`${url.hostname} is not a public address`));
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const budgetMs = options.timeoutMs ?? TIMEOUT_MS;
  return new Promise((resolve) => {
    const deadline = setTimeout(() => {
      settle(new Error(`${url.href} did not answer within ${budgetMs} ms`));
      req.destroy();
    }, budgetMs);
    const settle = (value: unknown) => {
      clearTimeout(deadline);
      resolve(value);
    };
    const req = request(
      url,
      { method: 'GET', lookup: lookupFor(allowPrivate), timeout: budgetMs, headers: { accept: 'application/json' } },
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          res.resume();
          settle(new Error(`${url.href} answered ${res.statusCode}`));
          return;
        }
        let body = '';
        res.on('error', (error) => settle(error));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > MAX_BYTES) {
            req.destroy();
            settle(new Error(`${url.href} sent more than ${MAX_BYTES} bytes`));
          }
        });
        res.on('end', () => {
          try {
            settle(JSON.parse(body));
          } catch {
            settle(new Error(`${url.href} is not JSON`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url.href} did not answer within ${budgetMs} ms`)));
    req.on('error', (error) => settle(error));
    req.end();
  });
}
