/**
 * `npm run eval:forms -- DIR` end to end: the script runs the detector in headless Chromium over
 * a small folder laid out like the corpus and prints figures that follow from the pages. Each
 * page is chosen so the expected outcome is known: a found login, a missed one, a sign-up that
 * is left alone and a negative the detector does fall for.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '../..');

const page = (title: string, body: string) => `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;

const PAGES: Record<string, string> = {
  'positive/found.html': page(
    'Sign in',
    `<form><h2>Sign in</h2><input data-fathom="username" name="email" type="email">
     <input data-fathom="password" type="password" name="password"><button data-fathom="next">Sign in</button></form>`,
  ),
  // Named controls shadow the form's own DOM methods (`form.contains` is an <input> here): the
  // detector must neither throw nor miss the login.
  'positive/shadowed-methods.html': page(
    'Sign in',
    `<form><h2>Sign in</h2>${['contains', 'compareDocumentPosition', 'getAttribute', 'parentElement', 'querySelector']
      .map((name) => `<input type="hidden" name="${name}">`)
      .join(
        '',
      )}<input data-fathom="username" name="login"><input data-fathom="password" type="password" name="pw"><button>Sign in</button></form>`,
  ),
  // A PIN typed into a plain text field beside a search box: nothing a general rule calls a login
  // (the rare page a site owner registers selectors for).
  'positive/missed.html': page(
    'Members',
    `<form><input data-fathom="username" name="q" type="search" placeholder="Search">
     <input data-fathom="password" type="text" name="pin"><button>Go</button></form>`,
  ),
  'negative/sign-up.html': page(
    'Create your account',
    `<form><input name="first_name"><input name="email" type="email"><input type="password" name="password">
     <input type="password" name="password_confirm"><button>Create account</button></form>`,
  ),
  // Labelled negative, looks like a login: the detector is expected to fall for it.
  'negative/looks-like-login.html': page(
    'Log in',
    `<form><input name="username"><input type="password" name="password"><button>Log in</button></form>`,
  ),
};

describe('npm run eval:forms -- DIR [--robustness]', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pkc-eval-spec-'));
    for (const [name, html] of Object.entries(PAGES)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), html);
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints per-field recall, falsely detected negatives and timings, last line one JSON object', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'e2e/eval/evalForms.ts', dir], { cwd: REPO });
    const lines = stdout.trim().split('\n');
    const figures: unknown = JSON.parse(lines.at(-1) ?? '');
    expect(figures).toMatchObject({ pages: 5, usernameRecall: 0.6667, passwordRecall: 0.6667, negativesDetected: 1, negatives: 2 });
    expect(figures).toHaveProperty('medianMs', expect.any(Number));
    expect(figures).toHaveProperty('worstMs', expect.any(Number));
    // Misses are named so a person can go and look at the page.
    expect(stdout).toMatch(/missed\.html: username missed, password missed/);
    // …and a false detection says what it landed on, for telling a sign-up from a real sign-in.
    expect(stdout).toMatch(/looks-like-login\.html: falsely detected \(password\): form "", heading "", submit "log in"/);
  });

  it('with --robustness, scores the same pages again with one kind of cue removed at a time', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'e2e/eval/evalForms.ts', dir, '--robustness'], { cwd: REPO });
    const figures: unknown = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    expect(figures).toMatchObject({ pages: 5, negativesDetected: 1 });
    // The found login keeps its <form>-less fields and says "Sign in" on its button; without its
    // title and heading the looks-like-login negative still has a "Log in" button.
    expect(figures).toHaveProperty('robustness.no-forms', expect.objectContaining({ usernameRecall: 0.6667, negatives: 2 }));
    expect(figures).toHaveProperty('robustness.no-title', expect.objectContaining({ usernameRecall: 0.6667, negativesDetected: 1 }));
    expect(figures).toHaveProperty('robustness.no-headings', expect.objectContaining({ usernameRecall: 0.6667 }));
  });
});
