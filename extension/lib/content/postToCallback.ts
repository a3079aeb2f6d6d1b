/**
 * Delivers the login token the way CONTRACT.md says: a top-level form POST
 * (application/x-www-form-urlencoded, field `token`) to the site's registered login callback.
 * The site verifies the token and starts its own session.
 *
 * The form lives in a closed shadow root: until the navigation replaces the page, a page
 * script watching the DOM sees an empty host, never the token (security review round 2, 10).
 * This content script's attachShadow is its own world's, out of reach of a page that patches
 * the page's.
 */
export function postTokenToCallback(doc: Document, callbackUrl: string, token: string): boolean {
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const form = doc.createElement('form');
  form.method = 'post';
  form.action = url.href;
  form.enctype = 'application/x-www-form-urlencoded';
  form.target = '_self';
  form.style.display = 'none';
  const field = doc.createElement('input');
  field.type = 'hidden';
  field.name = 'token';
  field.value = token;
  form.append(field);
  const host = doc.createElement('pkc-login-post');
  host.attachShadow({ mode: 'closed' }).append(form);
  doc.documentElement.append(host);
  form.submit();
  return true;
}
