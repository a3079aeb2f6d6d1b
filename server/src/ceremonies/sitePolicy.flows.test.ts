import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginStartReplySchema } from '@pkc/shared';
import { registerSite } from '../index.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from '../security/harness.ts';
import { clientSignals } from '../testing/testServer.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';

let server: SecurityServer;
let patient: Site;
let strict: Site;

beforeAll(async () => {
  server = await startSecurityServer();
  patient = await server.addSite('patient.localhost');
  // A site that wants the password suggested after the very first passkey failure.
  const origin = 'http://strict.localhost:4000';
  const created = await registerSite(server.store, {
    name: 'Strict',
    origins: [origin],
    loginCallback: `${origin}/cb`,
    policy: { failureThreshold: 1 },
  });
  strict = { ...created, origin };
});
afterAll(() => server.stop());

async function decisionAfterOneFailure(site: Site): Promise<string> {
  const here = device('laptop');
  await server.register(site, 'u-1', 'kim', new SoftAuthenticator(), here);
  const ceremony = await server.loginOptions(site, 'kim', here);
  await server.call('/v1/ext/login/failure', {
    body: { ceremonyId: ceremony.ceremonyId, origin: site.origin, errorName: 'NotAllowedError' },
  });
  const { json } = await server.call('/v1/ext/login/start', {
    body: { siteId: site.siteId, origin: site.origin, username: 'kim', client: clientSignals(here) },
  });
  return loginStartReplySchema.parse(json).decision;
}

describe('a site policy registered with the site tunes the decisions', () => {
  it('failure threshold: the default tolerates one failure, a site with threshold 1 does not', async () => {
    expect(await decisionAfterOneFailure(patient)).toBe('passkey');
    expect(await decisionAfterOneFailure(strict)).toBe('password');
  });
});
