import { describe, expect, it } from 'vitest';
import { detectLoginForm } from '../formDetection/detectLoginForm.ts';
import { resolveOverrides } from '../formDetection/overrides.ts';
import { takeFormSnapshot } from '../formDetection/snapshot.ts';
import { testDocument } from '../formDetection/testPage.ts';

/** The shape of the reference bank's /members page: nothing says "username" or "sign in". */
const MEMBER_PAGE = `<h1>Members</h1><form method="post" action="/members">
  <label for="member-number">Member number</label><input id="member-number" name="member" type="text" inputmode="numeric">
  <button id="next-step" type="submit">Go</button></form>`;

describe('site-owner overrides (CSS selectors registered with the site)', () => {
  it('make a page the heuristics cannot read into an identifier-first login form', () => {
    const doc = testDocument(MEMBER_PAGE, 'Members');
    const { snapshot, elements } = takeFormSnapshot(doc);
    expect(detectLoginForm(snapshot)).toBeNull();

    const overrides = resolveOverrides(elements, { username: '#member-number', submit: '#next-step' });
    const detection = detectLoginForm(snapshot, overrides);
    expect(detection?.kind).toBe('identifier-first');
    expect(detection?.username === undefined ? undefined : elements[detection.username]?.id).toBe('member-number');
  });
});
