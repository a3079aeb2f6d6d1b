/**
 * The passkey share of successful logins: passkey logins over passkey plus password logins.
 * Null when there were no successful logins at all (there is no share of nothing).
 */
export function passkeyShare(totals: Readonly<Record<string, number>>): number | null {
  const passkey = totals['passkeyLoginsSucceeded'] ?? 0;
  const password = totals['passwordLogins'] ?? 0;
  const logins = passkey + password;
  return logins === 0 ? null : passkey / logins;
}
