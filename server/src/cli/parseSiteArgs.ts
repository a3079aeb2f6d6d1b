import { parseArgs } from 'node:util';
import {
  consoleLinkBodySchema,
  rotateSecretBodySchema,
  siteIdSchema,
  sitePolicySchema,
  siteRegistrationSchema,
  type SitePolicyInput,
  type SiteRegistration,
} from '@pkc/shared';

export type SiteCommand =
  | { kind: 'add'; registration: SiteRegistration }
  | { kind: 'list' }
  | { kind: 'rotate-secret'; siteId: string; overlapMinutes: number }
  | { kind: 'remove'; siteId: string }
  | { kind: 'verify'; siteId: string }
  | { kind: 'set-policy'; siteId: string; policy: SitePolicyInput }
  | { kind: 'console-link'; siteId: string; minutes?: number };

export class UsageError extends Error {}

export const USAGE = `usage:
  npm run site -- add --name NAME --origin ORIGIN [--origin ORIGIN2] --login-callback URL [--rp-id ID]
                     [--username-selector CSS] [--password-selector CSS] [--submit-selector CSS]
                     [--failure-threshold N] [--backoff-skips N --backoff-days N] [--never-days N] [--verify-origins]
  npm run site -- list
  npm run site -- rotate-secret SITE_ID [--overlap-minutes N]   the old secret keeps working N minutes (default 0)
  npm run site -- remove SITE_ID
  npm run site -- verify SITE_ID              a site added with --verify-origins goes live once each origin serves its
                     proof at /.well-known/passkey-companion.json (the originProof that add printed)
  npm run site -- set-policy SITE_ID JSON      the site's whole policy, e.g. '{"paused":true}' (the pause switch),
                     '{"rollout":{"percent":20,"loginPlatforms":[{"os":"macos","mobile":false}]}}', '{}' (defaults)
  npm run site -- console-link SITE_ID [--minutes N]   a one-time link (default 60 minutes) that makes its opener an
                     owner of the site in the console (a passkey for the console is made on opening it)
The store is DATABASE_URL (PostgreSQL) when set, else the data file DATA_FILE (default data/companion.json).`;

/** Pure: argv (after the script name) → a command, or a UsageError saying what is wrong. */
export function parseSiteArgs(argv: readonly string[]): SiteCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case 'add':
      return { kind: 'add', registration: parseAdd(rest) };
    case 'list':
      noMoreArgs(rest, 0);
      return { kind: 'list' };
    case 'rotate-secret': {
      const siteId = siteIdSchema.safeParse(rest[0]);
      if (!siteId.success) throw new UsageError(`rotate-secret needs a SITE_ID (site_...), got ${rest[0] ?? 'nothing'}`);
      const options = rest.slice(1);
      if (options.length === 0) return { kind: 'rotate-secret', siteId: siteId.data, overlapMinutes: 0 };
      const minutes = options[0] === '--overlap-minutes' && options.length === 2 ? Number(options[1]) : Number.NaN;
      const parsed = rotateSecretBodySchema.safeParse({ overlapMinutes: minutes });
      if (!parsed.success || Number.isNaN(minutes)) throw new UsageError('rotate-secret takes --overlap-minutes N (0–10080)');
      return { kind: 'rotate-secret', siteId: siteId.data, overlapMinutes: minutes };
    }
    case 'console-link': {
      const siteId = siteIdSchema.safeParse(rest[0]);
      if (!siteId.success) throw new UsageError(`console-link needs a SITE_ID (site_...), got ${rest[0] ?? 'nothing'}`);
      const options = rest.slice(1);
      if (options.length === 0) return { kind: 'console-link', siteId: siteId.data };
      const minutes = options[0] === '--minutes' && options.length === 2 ? Number(options[1]) : Number.NaN;
      if (!consoleLinkBodySchema.safeParse({ minutes }).success) throw new UsageError('console-link takes --minutes N (1–10080)');
      return { kind: 'console-link', siteId: siteId.data, minutes };
    }
    case 'verify':
    case 'remove': {
      noMoreArgs(rest, 1);
      const parsed = siteIdSchema.safeParse(rest[0]);
      if (!parsed.success) throw new UsageError(`${command} needs a SITE_ID (site_...), got ${rest[0] ?? 'nothing'}`);
      return { kind: command, siteId: parsed.data };
    }
    case 'set-policy': {
      noMoreArgs(rest, 2);
      const siteId = siteIdSchema.safeParse(rest[0]);
      if (!siteId.success) throw new UsageError(`set-policy needs a SITE_ID (site_...), got ${rest[0] ?? 'nothing'}`);
      let json: unknown;
      try {
        json = JSON.parse(rest[1] ?? '');
      } catch {
        throw new UsageError('set-policy needs the policy as JSON, e.g. \'{"paused":true}\' or \'{"rollout":{"percent":20}}\'');
      }
      const policy = sitePolicySchema.safeParse(json);
      if (!policy.success)
        throw new UsageError(
          `not a site policy: ${policy.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
        );
      return { kind: 'set-policy', siteId: siteId.data, policy: policy.data };
    }
    case undefined:
      throw new UsageError('missing command');
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

function noMoreArgs(rest: readonly string[], allowed: number): void {
  if (rest.length > allowed) throw new UsageError(`unexpected arguments: ${rest.slice(allowed).join(' ')}`);
}

/** `add`'s flags; node's own parser, its complaints turned into a UsageError. */
function parseAddFlags(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        'login-callback': { type: 'string' },
        'rp-id': { type: 'string' },
        // Site-owner overrides for a login form the heuristics miss.
        'username-selector': { type: 'string' },
        'password-selector': { type: 'string' },
        'submit-selector': { type: 'string' },
        // Site policy for Passkey Intelligence (defaults: 2 failures; 3 skips → 30 days; never for good).
        'failure-threshold': { type: 'string' },
        'backoff-skips': { type: 'string' },
        'backoff-days': { type: 'string' },
        'never-days': { type: 'string' },
        // Inactive until each origin serves its proof (npm run site -- verify).
        'verify-origins': { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseAdd(args: readonly string[]): SiteRegistration {
  const values = parseAddFlags(args);
  if (values.name === undefined) throw new UsageError('add needs --name');
  if (values.origin === undefined || values.origin.length === 0) throw new UsageError('add needs at least one --origin');
  if (values['login-callback'] === undefined) throw new UsageError('add needs --login-callback');
  const parsed = siteRegistrationSchema.safeParse({
    name: values.name,
    origins: values.origin,
    loginCallback: values['login-callback'],
    ...(values['rp-id'] === undefined ? {} : { rpId: values['rp-id'] }),
    ...formOverridesFrom(values),
    ...policyFrom(values),
    ...(values['verify-origins'] === true ? { verifyOrigins: true } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`invalid ${issue?.path.join('.') ?? 'argument'}: ${issue?.message ?? 'malformed'}`);
  }
  return parsed.data;
}

function formOverridesFrom(values: Partial<Record<'username-selector' | 'password-selector' | 'submit-selector', string>>) {
  const overrides = {
    ...(values['username-selector'] === undefined ? {} : { username: values['username-selector'] }),
    ...(values['password-selector'] === undefined ? {} : { password: values['password-selector'] }),
    ...(values['submit-selector'] === undefined ? {} : { submit: values['submit-selector'] }),
  };
  return Object.keys(overrides).length === 0 ? {} : { formOverrides: overrides };
}

type PolicyFlag = 'failure-threshold' | 'backoff-skips' | 'backoff-days' | 'never-days';

/** Numbers stay strings here: the registration schema checks their range and says what is wrong. */
function policyFrom(values: Partial<Record<PolicyFlag, string>>) {
  const number = (flag: PolicyFlag) => (values[flag] === undefined ? undefined : Number(values[flag]));
  if ((values['backoff-skips'] === undefined) !== (values['backoff-days'] === undefined)) {
    throw new UsageError('--backoff-skips and --backoff-days go together');
  }
  const skips = number('backoff-skips');
  const days = number('backoff-days');
  const policy = {
    ...(values['failure-threshold'] === undefined ? {} : { failureThreshold: number('failure-threshold') }),
    ...(skips === undefined || days === undefined ? {} : { skipBackoff: { skips, days } }),
    ...(values['never-days'] === undefined ? {} : { neverOnDeviceDays: number('never-days') }),
  };
  return Object.keys(policy).length === 0 ? {} : { policy };
}
