import { describe, expect, it } from 'vitest';
import { createBackgroundClient } from './backgroundClient.ts';

const PAGE_CONFIG = { type: 'page-config' } as const;

describe('background client', () => {
  it('passes a success value and a failure through', async () => {
    const config = { siteName: 'Shop' };
    expect(await createBackgroundClient(async () => ({ ok: true, value: config }))(PAGE_CONFIG)).toEqual({ ok: true, value: config });
    const refused = { ok: false, code: 'not_a_partner', message: 'http://evil.localhost is not a partner site' };
    expect(await createBackgroundClient(async () => refused)(PAGE_CONFIG)).toEqual(refused);
  });

  it('gives up on a background that does not answer within its budget (background_timeout)', async () => {
    const ask = createBackgroundClient(() => new Promise(() => undefined), 50);
    const started = Date.now();
    expect(await ask(PAGE_CONFIG)).toMatchObject({ ok: false, code: 'background_timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('turns a dead background (extension reloaded) into background_unavailable', async () => {
    const ask = createBackgroundClient(async () => {
      throw new Error('Extension context invalidated.');
    });
    expect(await ask(PAGE_CONFIG)).toEqual({ ok: false, code: 'background_unavailable', message: 'Extension context invalidated.' });
  });

  it.each([
    ['no reply', undefined],
    ['a string', 'ok'],
    ['no ok', { value: {} }],
    ['ok: true without a value', { ok: true }],
    ['a failure without a code', { ok: false, message: 'x' }],
    ['a failure with a numeric code', { ok: false, code: 500, message: 'x' }],
  ])('turns %s into bad_reply', async (_case, reply) => {
    expect(await createBackgroundClient(async () => reply)(PAGE_CONFIG)).toMatchObject({ ok: false, code: 'bad_reply' });
  });
});
