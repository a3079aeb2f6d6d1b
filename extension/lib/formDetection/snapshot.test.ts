import { describe, expect, it } from 'vitest';
import { takeFormSnapshot } from './snapshot.ts';
import { testDocument } from './testPage.ts';

function snapshotOf(body: string, title?: string) {
  const { snapshot, elements } = takeFormSnapshot(testDocument(body, title));
  // Through the elements: a hidden control's snapshot carries no id.
  const byId = (id: string) => snapshot.fields[elements.findIndex((element) => element.id === id)];
  return { snapshot, elements, byId };
}

describe('takeFormSnapshot', () => {
  it('lists controls in document order, [role=button] elements included once', () => {
    const { elements } = snapshotOf(`<form>
      <button id="b1" type="button">Show</button><input id="i1"><select id="s1"></select>
      <div id="d1" role="button">Next</div><textarea id="t1"></textarea><button id="b2" role="button">Go</button>
      <input id="i2" type="password"></form>`);
    expect(elements.map((e) => e.id)).toEqual(['b1', 'i1', 's1', 'd1', 't1', 'b2', 'i2']);
  });

  it('leaves out inputs nobody types a sign-in into', () => {
    const { elements } = snapshotOf(`<form><input id="u"><input type="hidden" name="csrf"><input type="checkbox" id="remember">
      <input type="radio" name="r"><input type="file"><input id="p" type="password"></form>`);
    expect(elements.map((e) => e.id)).toEqual(['u', 'p']);
  });

  it('reads labels given by `for` and by wrapping, without element.labels', () => {
    const { byId } = snapshotOf(`<form>
      <label for="mail">E-mail address</label><input id="mail">
      <label>Member number <input id="member"></label>
      <label for="both">Login</label><label for="both">(or e-mail)</label><input id="both"></form>`);
    expect(byId('mail')?.labelText).toBe('e-mail address');
    expect(byId('member')?.labelText).toBe('member number');
    expect(byId('both')?.labelText).toBe('login (or e-mail)');
  });

  it('reads labels only for visible typed inputs (the only ones decisions look at)', () => {
    const { byId } = snapshotOf(`<label for="sel">Country</label><select id="sel"></select>
      <div hidden><label for="gone">Email</label><input id="gone"></div>`);
    expect(byId('sel')?.labelText).toBe('');
    expect(byId('gone')?.labelText).toBe('');
  });

  it('reads nothing but tag, type and visibility of a hidden control', () => {
    const { byId } = snapshotOf(`<div hidden><input id="gone" name="email" placeholder="Email" autocomplete="username"></div>`);
    expect(byId('gone')).toMatchObject({ tag: 'input', type: 'text', visible: false, name: '', placeholder: '', autocomplete: '' });
  });

  it('without layout, treats hidden ancestors, closed dialogs and inline display:none as invisible', () => {
    const { byId } = snapshotOf(`
      <input id="shown">
      <div hidden><input id="in-hidden"></div>
      <dialog><input id="in-closed-dialog"></dialog>
      <dialog open><input id="in-open-dialog"></dialog>
      <div style="display: none"><input id="in-display-none"></div>
      <div style="visibility:hidden"><input id="in-invisible"></div>`);
    expect(byId('shown')?.visible).toBe(true);
    expect(byId('in-open-dialog')?.visible).toBe(true);
    for (const id of ['in-hidden', 'in-closed-dialog', 'in-display-none', 'in-invisible']) expect(byId(id)?.visible).toBe(false);
  });

  it('keeps the main heading apart from the page text', () => {
    const { snapshot } = snapshotOf('<h1> Choose your\n  <em>checkout</em> method </h1><input>', 'Shop');
    expect(snapshot.mainHeading).toBe('choose your checkout method');
    expect(snapshot.pageText).toContain('shop');
    expect(snapshotOf('<input>').snapshot.mainHeading).toBeUndefined();
  });

  it('walks open shadow roots only when the light DOM holds no login form', () => {
    const doc = testDocument(
      `<form><input id="u" name="username"><input id="p" type="password"><button id="b">Sign in</button></form>
      <login-box id="host"></login-box>`,
      'Sign in',
    );
    const host = doc.getElementById('host');
    if (host === null) throw new Error('fixture');
    host.attachShadow({ mode: 'open' }).innerHTML = '<input id="shadow-user" name="username">';
    expect(takeFormSnapshot(doc).elements.map((e) => e.id)).toEqual(['u', 'p', 'b']);
    doc.querySelector('form')?.remove();
    expect(takeFormSnapshot(doc).elements.map((e) => e.id)).toEqual(['shadow-user']);
  });
});
