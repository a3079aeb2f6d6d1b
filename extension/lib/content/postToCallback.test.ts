import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { postTokenToCallback } from './postToCallback.ts';

describe('postTokenToCallback', () => {
  it('posts from a closed shadow root: nothing a page script can reach holds the token', () => {
    const dom = new JSDOM('<!doctype html><html><body><p>shop</p></body></html>', { url: 'http://shop.localhost/login' });
    const doc = dom.window.document;
    const submitted: string[] = [];
    // jsdom does not navigate; record what would be posted instead.
    dom.window.HTMLFormElement.prototype.submit = function submit(this: HTMLFormElement) {
      submitted.push(`${this.method} ${this.action} token=${new dom.window.FormData(this).get('token')}`);
    };
    expect(postTokenToCallback(doc, 'http://shop.localhost/passkey-login', 'secret.token.value')).toBe(true);
    expect(submitted).toEqual(['post http://shop.localhost/passkey-login token=secret.token.value']);
    expect(doc.documentElement.outerHTML).not.toContain('secret.token.value');
    expect(doc.querySelectorAll('form, input')).toHaveLength(0);
    const host = doc.querySelector('pkc-login-post');
    expect(host?.shadowRoot).toBeNull();
  });

  it('refuses a callback that is not an http(s) URL', () => {
    const doc = new JSDOM('<!doctype html><html><body></body></html>').window.document;
    expect(postTokenToCallback(doc, 'javascript:alert(1)', 't')).toBe(false);
    expect(postTokenToCallback(doc, 'not a url', 't')).toBe(false);
  });
});
