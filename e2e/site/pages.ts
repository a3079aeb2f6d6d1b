/** Server-rendered pages of the reference partner site: plain HTML (only the SPA shell has a script). */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface LayoutOptions {
  siteName: string;
  title: string;
  body: string;
  /** When set, the page carries the append-grant hook for the extension (CONTRACT.md). */
  appendGrant?: string;
  /** Markup after <main>, for the single-page app's script. */
  script?: string;
}

export function layout({ siteName, title, body, appendGrant, script = '' }: LayoutOptions): string {
  const grantMeta = appendGrant === undefined ? '' : `<meta name="passkey-companion-append-grant" content="${escapeHtml(appendGrant)}">`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${grantMeta}
<title>${escapeHtml(title)} · ${escapeHtml(siteName)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
  header { background: #1d2330; color: white; padding: 12px 24px; font-weight: 600; }
  main { max-width: 420px; margin: 48px auto; background: white; padding: 24px 32px; border-radius: 8px;
         box-shadow: 0 1px 3px rgb(0 0 0 / 0.12); }
  label { display: block; margin: 12px 0 4px; }
  input { width: 100%; box-sizing: border-box; padding: 8px; font-size: 16px; }
  button { margin-top: 16px; padding: 8px 16px; font-size: 16px; }
  .error { color: #b00020; }
  .hint { color: #5b6270; font-size: 14px; }
</style>
</head>
<body>
<header>${escapeHtml(siteName)}</header>
<main>
${body}
</main>
${script}
</body>
</html>`;
}

export function loginPage(options: { siteName: string; error?: string; username?: string; demoHint?: string }): string {
  const error = options.error === undefined ? '' : `<p class="error" role="alert" id="login-error">${escapeHtml(options.error)}</p>`;
  const hint = options.demoHint === undefined ? '' : `<p class="hint">${escapeHtml(options.demoHint)}</p>`;
  return layout({
    siteName: options.siteName,
    title: 'Sign in',
    body: `<h1>Sign in</h1>
${error}
<form id="login-form" method="post" action="/login">
  <label for="username">Username</label>
  <input id="username" name="username" type="text" autocomplete="username" required value="${escapeHtml(options.username ?? '')}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button id="sign-in" type="submit">Sign in</button>
</form>
${hint}`,
  });
}

export function dashboardPage(options: {
  siteName: string;
  displayName: string;
  username: string;
  signedInWith: string;
  appendGrant?: string;
}): string {
  return layout({
    siteName: options.siteName,
    title: 'Dashboard',
    appendGrant: options.appendGrant,
    body: `<h1>Dashboard</h1>
<p id="signed-in-user" data-username="${escapeHtml(options.username)}">Signed in as ${escapeHtml(options.displayName)} (${escapeHtml(options.username)})</p>
<p class="hint" id="signed-in-with">Signed in with ${escapeHtml(options.signedInWith)}.</p>
<form method="post" action="/logout"><button id="sign-out" type="submit">Sign out</button></form>`,
  });
}

export function codePage(options: { siteName: string; sentTo: string; error?: string; appendGrant?: string }): string {
  const error = options.error === undefined ? '' : `<p class="error" role="alert" id="code-error">${escapeHtml(options.error)}</p>`;
  return layout({
    siteName: options.siteName,
    title: 'Enter your code',
    appendGrant: options.appendGrant,
    body: `<h1>Check your email</h1>
<p id="code-sent-to">We sent a 6-digit code to ${escapeHtml(options.sentTo)}.</p>
${error}
<form id="code-form" method="post" action="/verify-code">
  <label for="code">Code</label>
  <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
  <button id="verify-code" type="submit">Continue</button>
</form>`,
  });
}

export function messagePage(options: { siteName: string; title: string; message: string }): string {
  return layout({
    siteName: options.siteName,
    title: options.title,
    body: `<h1>${escapeHtml(options.title)}</h1>
<p class="error" role="alert" id="message">${escapeHtml(options.message)}</p>
<p><a href="/login">Back to sign in</a></p>`,
  });
}
