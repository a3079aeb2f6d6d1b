import { escapeHtml, layout } from './pages.ts';

/*
 * Two more shapes of login page that real sites have, for testing that the extension copes
 * with them (issue 6): an identifier-first two-step form, and a single-page app that renders
 * its form late, inside an open shadow root, and signs in with fetch().
 */

/** Step 1 of the identifier-first form: the identifier and a Continue button, no password. */
export function identifierStepPage(siteName: string): string {
  return layout({
    siteName,
    title: 'Sign in',
    body: `<h1>Sign in</h1>
<form id="identifier-form" method="post" action="/signin">
  <label for="username">Email or username</label>
  <input id="username" name="username" type="text" autocomplete="username" required>
  <button id="continue" type="submit">Continue</button>
</form>`,
  });
}

/**
 * An identifier step with nothing a heuristic can hold on to (a "member number" and a "Go"
 * button): the kind of page site owners register selectors for.
 */
export function memberNumberStepPage(siteName: string): string {
  return layout({
    siteName,
    title: 'Members',
    body: `<h1>Members</h1>
<form id="member-form" method="post" action="/members">
  <label for="member-number">Member number</label>
  <input id="member-number" name="member" type="text" inputmode="numeric">
  <button id="next-step" type="submit">Go</button>
</form>`,
  });
}

/** Step 2: the password for the identifier entered on step 1. */
export function passwordStepPage(siteName: string, username: string): string {
  return layout({
    siteName,
    title: 'Enter your password',
    body: `<h1>Welcome back</h1>
<form id="login-form" method="post" action="/login">
  <p>Signing in as <strong>${escapeHtml(username)}</strong></p>
  <input type="hidden" name="username" autocomplete="username" value="${escapeHtml(username)}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button id="sign-in" type="submit">Sign in</button>
</form>`,
  });
}

/**
 * The single-page app: an empty shell whose script asks /api/session, then renders either the
 * dashboard or a <login-card> with an open shadow root. A successful sign-in renders the
 * dashboard in place and adds the append-grant meta tag afterwards, as SPAs do (CONTRACT.md).
 */
export function spaShellPage(siteName: string): string {
  return layout({
    siteName,
    title: 'App',
    body: `<div id="app" aria-busy="true">Loading…</div>`,
    script: `<script type="module">
const app = document.getElementById('app');
const text = (value) => String(value).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');

function showDashboard(user) {
  app.innerHTML = '<h1>Dashboard</h1><p id="signed-in-user" data-username="' + text(user.username) + '">Signed in as '
    + text(user.displayName) + ' (' + text(user.username) + ')</p><p id="signed-in-with">Signed in with '
    + (user.signedInWith === 'passkey' ? 'a passkey' : 'your password') + '.</p>'
    + '<form method="post" action="/logout"><button id="sign-out" type="submit">Sign out</button></form>';
}

class LoginCard extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>label{display:block;margin:12px 0 4px}input{width:100%;padding:8px;font-size:16px;box-sizing:border-box}</style>'
      + '<form id="login-form"><h1>Sign in</h1><p id="login-error" role="alert"></p>'
      + '<label for="username">Username</label><input id="username" name="username" autocomplete="username" required>'
      + '<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>'
      + '<button id="sign-in" type="submit">Sign in</button></form>';
    root.getElementById('login-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const form = new FormData(event.target);
      const reply = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password') }) });
      if (!reply.ok) { root.getElementById('login-error').textContent = 'Wrong username or password.'; return; }
      const { user, appendGrant } = await reply.json();
      showDashboard(user);
      if (appendGrant) {
        const meta = document.createElement('meta');
        meta.name = 'passkey-companion-append-grant';
        meta.content = appendGrant;
        document.head.append(meta);
      }
    });
  }
}
customElements.define('login-card', LoginCard);

const session = await (await fetch('/api/session')).json();
app.removeAttribute('aria-busy');
if (session.user) showDashboard(session.user);
else app.replaceChildren(document.createElement('login-card'));
</script>`,
  });
}

/**
 * A landing page whose visible form is a sign-up, with the sign-in in a panel the page shows
 * only when "Sign in" is clicked, by a class change (no node is added): the shape of many shop
 * headers. The demo site has no sign-ups (its accounts are seeded); that form is here for the
 * detector to pass over, and posts to a page that says so.
 */
export function landingPageWithSignInPanel(siteName: string): string {
  return layout({
    siteName,
    title: 'Welcome',
    body: `<style>.sign-in-panel:not(.is-open) { display: none; }</style>
<h1>Shop better with an account</h1>
<form id="signup-form" method="post" action="/signup">
  <h2>Create your account</h2>
  <label for="signup-name">Full name</label>
  <input id="signup-name" name="name" type="text" autocomplete="name">
  <label for="signup-email">Email</label>
  <input id="signup-email" name="email" type="email" autocomplete="email">
  <label for="signup-password">Choose a password</label>
  <input id="signup-password" name="password" type="password" autocomplete="new-password">
  <button id="create-account" type="submit">Create account</button>
</form>
<p>Already have an account? <button id="open-sign-in" type="button">Sign in</button></p>
<div id="sign-in-panel" class="sign-in-panel" role="dialog" aria-labelledby="sign-in-title">
<form id="login-form" method="post" action="/login">
  <h2 id="sign-in-title">Sign in</h2>
  <label for="username">Username</label>
  <input id="username" name="username" type="text" autocomplete="username" required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button id="sign-in" type="submit">Sign in</button>
</form>
</div>`,
    script: `<script>
document.getElementById('open-sign-in').addEventListener('click', () => {
  document.getElementById('sign-in-panel').classList.add('is-open');
  document.getElementById('username').focus();
});
</script>`,
  });
}

/** Where the landing page's sign-up form goes: the demo's accounts are seeded. */
export function signUpClosedPage(siteName: string): string {
  return layout({
    siteName,
    title: 'Sign-ups closed',
    body: `<h1>Sign-ups are closed</h1>
<p>This demo shop has its accounts set up already. <a href="/login">Sign in</a> with one of them.</p>`,
  });
}
