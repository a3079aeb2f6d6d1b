import type { Express } from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { jwksReplySchema } from '@pkc/shared';
import { createApp } from '../app.ts';
import { systemClock } from '../clock.ts';
import { memorySharedState } from '../sharedState/memorySharedState.ts';
import type { Store } from '../store/Store.ts';
import { startTestServer } from '../testing/testServer.ts';
import type { TokenSigner } from '../tokens/loginTokens.ts';
import { OPERATIONS, openApiDocument, openApiPath } from './openApi.ts';

/* Issue 16: the API description is generated from the shared schemas and covers every route, both ways. */

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) the app routes, from express's own router stacks. */
function routesOf(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on) found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found.sort();
}

/** An app with every optional router on (the admin routes need an admin token). */
function fullApp(store: Partial<Store> = {}, checkReplies = false): Express {
  const unused = new Proxy(store, {
    get: (target, key) => (target as Record<string | symbol, unknown>)[key] ?? (() => Promise.reject(new Error('not used'))),
  }) as Store;
  const signer: TokenSigner = {
    issuer: 'http://localhost',
    sign: async () => '',
    verify: async () => Promise.reject(new Error('not used')),
    jwks: () => ({ keys: [] }),
  };
  return createApp({
    store: unused,
    clock: systemClock,
    signer,
    shared: memorySharedState(systemClock),
    checkStore: async () => undefined,
    logger: pino({ level: 'silent' }),
    config: { publicUrl: 'http://localhost:8787', allowedExtensionOrigins: [], adminToken: 'admin', checkReplies },
  });
}

describe('OpenAPI description', () => {
  it('describes exactly the routes the server has: none missing, none made up', () => {
    const described = OPERATIONS.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`).sort();
    expect(routesOf(fullApp())).toEqual(described);
  });

  it('is an OpenAPI 3.1 document with each operation, its parameters, body and replies from the shared schemas', () => {
    const document = openApiDocument('http://localhost:8787');
    expect(document.openapi).toBe('3.1.0');
    for (const operation of OPERATIONS) {
      const described = document.paths?.[openApiPath(operation.path)]?.[operation.method];
      expect(described, `${operation.method} ${operation.path}`).toBeDefined();
      expect(Object.keys(described?.responses ?? {})).toContain(String(operation.status ?? 200));
      if (operation.body) expect(described?.requestBody).toBeDefined();
    }
    const verify = document.paths?.['/v1/sites/{siteId}/login-tokens/verify']?.post;
    expect(verify?.parameters?.map((parameter) => ('name' in parameter ? parameter.name : undefined))).toEqual(['siteId']);
    expect(verify?.security).toEqual([{ siteSecret: [] }]);
    expect(JSON.stringify(verify?.requestBody)).toContain('"token"');
  });

  it('is served at /openapi.json, and what the server sends matches what it describes', async () => {
    const server = await startTestServer();
    try {
      const { status, json } = await server.call('/openapi.json');
      expect(status).toBe(200);
      expect(json).toMatchObject({ openapi: '3.1.0', servers: [{ url: server.url }] });
      expect(jwksReplySchema.safeParse((await server.call('/.well-known/jwks.json')).json).success).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('in tests, a reply that differs from its description fails loudly (the check every server test runs)', async () => {
    const broken = {
      id: 'site_broken0001',
      name: 'Broken',
      origins: ['not an origin'],
      rpId: 'x',
      loginCallback: 'http://x/cb',
      secretHash: 'a'.repeat(64),
      createdAt: new Date().toISOString(),
    };
    const app = fullApp({ listSites: async () => [broken] }, true);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const reply = await fetch(`http://127.0.0.1:${port}/v1/ext/partners`);
      expect(reply.status).toBe(500);
      expect(JSON.stringify(await reply.json())).toContain('reply of GET /v1/ext/partners differs from its description');
    } finally {
      server.close();
    }
  });
});
