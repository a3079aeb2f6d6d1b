import { Random } from '../random.ts';
import { activeDevices, type Person } from './model.ts';
import { DeviceFactory } from './population.ts';

/*
 * What happens to people over the months, independent of any strategy: the kind and day of
 * each event come from the seed alone, so every strategy lives through the same year. Only
 * which passkey a "deleted passkey" hits depends on the passkeys a strategy led to.
 *
 * Rates per person per day. New devices are tuned to the published figure the issue quotes:
 * ~15 % of people sign in from another device within 3 months, ~35 % within 6.
 */
export const LIFE_EVENT_RATES = {
  'new-phone': 1 / 600,
  'second-computer': 1 / 900,
  'cloud-account-changed': 1 / 2500,
  'passkey-deleted': 1 / 2000,
  'password-manager-logged-out': 1 / 120,
} as const;

export type LifeEvent = keyof typeof LIFE_EVENT_RATES;

/** A phone replaced by one of the other ecosystem (iPhone ↔ Android) this often. */
const SWITCHES_ECOSYSTEM = 0.15;

/** The events of this person's day, applied to the world; returns what happened. */
export function liveOneDay(seed: number, person: Person, day: number): LifeEvent[] {
  const draws = Random.derive(seed, 2, person.index, day);
  const happened: LifeEvent[] = [];
  // Every rate is drawn every day, so the script never depends on the world's state.
  for (const [event, rate] of Object.entries(LIFE_EVENT_RATES) as [LifeEvent, number][]) {
    if (draws.chance(rate) && apply(event, person, day, Random.derive(seed, 3, person.index, day, happened.length))) happened.push(event);
  }
  for (const device of activeDevices(person)) {
    const manager = device.passwordManager;
    if (manager !== undefined && !manager.loggedIn && manager.backOnDay !== undefined && manager.backOnDay <= day) {
      manager.loggedIn = true;
      delete manager.backOnDay;
    }
  }
  return happened;
}

function apply(event: LifeEvent, person: Person, day: number, random: Random): boolean {
  const devices = activeDevices(person);
  switch (event) {
    case 'new-phone': {
      const old = devices.find((d) => d.mobile);
      if (old === undefined) return false;
      const other = old.kind === 'iphone' ? 'android' : 'iphone';
      const kind = random.chance(SWITCHES_ECOSYSTEM) ? other : old.kind;
      old.retired = true;
      const phone = new DeviceFactory(person, random).make(kind, day);
      person.devices.push(phone);
      return true;
    }
    case 'second-computer': {
      // Half of them are work computers, signed in to none of the person's accounts.
      const personal = random.chance(0.5);
      const kind = personal ? random.weighted({ mac: 30, windows: 60, linux: 10 }) : random.weighted({ mac: 20, windows: 80 });
      person.devices.push(new DeviceFactory(person, random).make(kind, day, personal));
      return true;
    }
    case 'cloud-account-changed': {
      // Signing in to another Apple ID or Google account on one device (a work account, a
      // family member's, a fresh one after a lockout): that device loses the old synced passkeys.
      const candidates = devices.filter((d) => d.appleAccount !== undefined || d.googleAccount !== undefined);
      if (candidates.length === 0) return false;
      const device = random.pick(candidates);
      if (device.appleAccount !== undefined) device.appleAccount = `apple-${person.index}-day${day}`;
      else device.googleAccount = `google-${person.index}-day${day}`;
      return true;
    }
    case 'passkey-deleted': {
      // Deleted in the provider's settings: gone from the provider (and, synced, from its account).
      const alive = person.passkeys.filter((p) => !p.deleted);
      if (alive.length === 0) return false;
      random.pick(alive).deleted = true;
      return true;
    }
    case 'password-manager-logged-out': {
      const loggedIn = devices.filter((d) => d.passwordManager?.loggedIn === true);
      if (loggedIn.length === 0) return false;
      const manager = random.pick(loggedIn).passwordManager;
      if (manager === undefined) return false;
      manager.loggedIn = false;
      manager.backOnDay = day + random.int(2, 20);
      return true;
    }
    default: {
      const unreachable: never = event;
      throw new Error(`unhandled life event ${String(unreachable)}`);
    }
  }
}
