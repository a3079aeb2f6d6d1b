import { existsSync } from 'node:fs';

/**
 * Debian's chromium binary, not the /usr/bin wrapper (the wrapper adds its own flags,
 * including an empty --load-extension=). CHROME_PATH overrides.
 */
export function findChromium(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/lib/chromium/chromium'].filter(
    (path): path is string => path !== undefined && path !== '',
  );
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(
      'No Chromium found for the end-to-end tests. Install it with `apt-get install -y chromium` ' +
        '(Debian) or set CHROME_PATH to a Chromium binary.',
    );
  }
  return found;
}

/** Flags measured to work as root on a machine with a closed network (E2E-HARNESS.md). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
