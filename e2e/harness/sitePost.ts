import { request, type IncomingHttpHeaders } from 'node:http';
import type { LookupFunction } from 'node:net';

/** `*.localhost` is loopback by definition (RFC 6761); Node's resolver doesn't know that, Chromium does. */
const loopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

/**
 * A form POST straight to a partner site, outside any browser: what someone holding a
 * copied token could do with it.
 */
export function postFormToSite(url: string, fields: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        lookup: loopback,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
