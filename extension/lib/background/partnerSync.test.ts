import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCompanionClient, type FetchLike } from './companionClient.ts';
import { CONTENT_SCRIPT_FILE, CONTENT_SCRIPT_ID, type RegisteredScript, type ScriptingApi } from './contentScriptRegistration.ts';
import { createPartnerSync } from './partnerSync.ts';
import { readPartnerCache } from './partners.ts';
import { STORAGE_KEYS } from './storageKeys.ts';
import { BANK, jsonResponse, SERVER_URL, SHOP } from './testing.ts';

/** An in-memory stand-in for browser.scripting that, like Chrome, refuses a duplicate id. */
class FakeScripting implements ScriptingApi {
  scripts: Array<RegisteredScript & { js: string[] }> = [];
  registerCalls = 0;
  async getRegisteredContentScripts(filter?: { ids?: string[] }) {
    return this.scripts.filter((script) => filter?.ids === undefined || filter.ids.includes(script.id));
  }
  async unregisterContentScripts(filter?: { ids?: string[] }) {
    this.scripts = this.scripts.filter((script) => filter?.ids !== undefined && !filter.ids.includes(script.id));
  }
  async registerContentScripts(scripts: Array<{ id: string; matches: string[]; js: string[] }>) {
    this.registerCalls += 1;
    for (const script of scripts) {
      if (this.scripts.some((existing) => existing.id === script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
      this.scripts.push({ id: script.id, matches: script.matches, js: script.js });
    }
  }
}

function syncWith(fetchImpl: FetchLike, scripting: FakeScripting) {
  return createPartnerSync({
    storage: fakeBrowser.storage.local,
    scripting,
    call: createCompanionClient(fetchImpl),
    portsSupported: true,
    now: () => 42,
  });
}

describe('partner sync and content script registration', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.serverUrl]: SERVER_URL });
  });

  it('registers the content script for exactly the partner origins', async () => {
    const scripting = new FakeScripting();
    const result = await syncWith(async () => jsonResponse(200, { partners: [SHOP, BANK] }), scripting).sync();
    expect(result).toEqual({ ok: true, value: { partners: 2, registration: 'updated' } });
    expect(scripting.scripts).toEqual([
      { id: CONTENT_SCRIPT_ID, matches: ['http://bank.localhost:4124/*', 'http://shop.localhost:4123/*'], js: [CONTENT_SCRIPT_FILE] },
    ]);
    expect(await readPartnerCache(fakeBrowser.storage.local, SERVER_URL)).toEqual([SHOP, BANK]);
  });

  it('replaces a stale registration and leaves an unchanged one alone', async () => {
    const scripting = new FakeScripting();
    let partners = [SHOP];
    const sync = syncWith(async () => jsonResponse(200, { partners }), scripting);
    await sync.sync();
    partners = [SHOP, BANK];
    await sync.sync();
    expect(scripting.scripts[0]?.matches).toHaveLength(2);
    expect(await sync.sync()).toMatchObject({ ok: true, value: { registration: 'unchanged' } });
    expect(scripting.registerCalls).toBe(2);
  });

  it('serializes overlapping runs (startup, settings change, alarm)', async () => {
    const scripting = new FakeScripting();
    const sync = syncWith(async () => jsonResponse(200, { partners: [SHOP] }), scripting);
    const results = await Promise.all([sync.sync(), sync.sync(), sync.sync()]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(scripting.scripts).toHaveLength(1);
  });

  it('keeps the last partner list of the same server while it is unreachable', async () => {
    const scripting = new FakeScripting();
    await syncWith(async () => jsonResponse(200, { partners: [SHOP] }), scripting).sync();
    const down = await syncWith(async () => {
      throw new TypeError('Failed to fetch');
    }, scripting).sync();
    expect(down).toMatchObject({ ok: false, code: 'companion_unreachable' });
    expect(scripting.scripts[0]?.matches).toEqual(['http://shop.localhost:4123/*']);
  });

  it('drops the partners of a previous server when the server URL changes', async () => {
    const scripting = new FakeScripting();
    await syncWith(async () => jsonResponse(200, { partners: [SHOP] }), scripting).sync();
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.serverUrl]: 'http://other.example:8787' });
    await syncWith(async () => {
      throw new TypeError('Failed to fetch');
    }, scripting).sync();
    expect(scripting.scripts).toEqual([]);
  });
});
