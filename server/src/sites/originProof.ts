import { lookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { ORIGIN_PROOF_PATH } from '@pkc/shared';

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 16 * 1024;

/**
 * `*.localhost` names are loopback (RFC 6761) — how partner sites run in development and tests —
 * whatever the system's resolver says about them.
 */
const loopbackAware: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all)
      (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
        { address: '127.0.0.1', family: 4 },
      ]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  lookup(hostname, options, callback);
};

/**
 * What an origin serves at ORIGIN_PROOF_PATH: parsed JSON, or an Error saying why not. Only
 * that path of the site's own registered origin, one GET, no redirects followed, at most 16 KB
 * and 5 s: registering a site can't make the server fetch anything else.
 */
export function fetchOriginProof(origin: string): Promise<unknown> {
  const url = new URL(ORIGIN_PROOF_PATH, origin);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'GET', lookup: loopbackAware, timeout: TIMEOUT_MS, headers: { accept: 'application/json' } },
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          res.resume();
          resolve(new Error(`${url.href} answered ${res.statusCode}`));
          return;
        }
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > MAX_BYTES) {
            req.destroy();
            resolve(new Error(`${url.href} sent more than ${MAX_BYTES} bytes`));
          }
        });
        res.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch {
            resolve(new Error(`${url.href} is not JSON`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url.href} did not answer within ${TIMEOUT_MS} ms`)));
    req.on('error', (error) => resolve(error));
    req.end();
  });
}
