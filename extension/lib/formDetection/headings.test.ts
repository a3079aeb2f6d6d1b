import { describe, expect, it } from 'vitest';
import { HeadingIndex } from './headings.ts';
import { testDocument } from './testPage.ts';

function around(body: string) {
  const doc = testDocument(body);
  const form = doc.querySelector('form');
  if (form === null) throw new Error('fixture has no form');
  const found = new HeadingIndex().around(form, doc);
  return { inside: found.inside?.textContent ?? null, before: found.before?.textContent ?? null };
}

describe('HeadingIndex.around', () => {
  it('finds the form’s own first heading and the nearest one above it', () => {
    expect(
      around(`<h1>Shop</h1><section><h2>Returning customers</h2><p>Welcome back</p>
      <form><legend>Sign in</legend><h3>Details</h3><input></form></section><h2>Footer</h2>`),
    ).toEqual({
      inside: 'Sign in',
      before: 'Returning customers',
    });
  });

  it('takes a heading nested in an earlier sibling, the nearest one first', () => {
    expect(around(`<div><div><h2>Old</h2><h3>Log in</h3></div><form><input></form></div>`).before).toBe('Log in');
  });

  it('ignores headings outside the form’s section and after it', () => {
    const page = `<h1>Far away</h1><div><div><div><div><div><form><input></form></div></div></div></div></div><h2>After</h2>`;
    expect(around(page)).toEqual({ inside: null, before: null });
  });

  it('counts role="heading" like a heading tag', () => {
    expect(around(`<div role="heading">Member login</div><form><input></form>`).before).toBe('Member login');
  });
});
