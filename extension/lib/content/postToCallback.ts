/**
 * Delivers the login token the way CONTRACT.md says: a top-level form POST
 * (application/x-www-form-urlencoded, field `token`) to the site's registered login callback.
 * The site verifies the token and starts its own session.
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
  doc.documentElement.append(form);
  form.submit();
  return true;
}
