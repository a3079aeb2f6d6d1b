import { Random } from '../random.ts';
import type { Device, DeviceKind, Person } from './model.ts';

/*
 * The people of a simulated site at day 0. Shares are round, plausible figures for a
 * consumer site (about half on iPhone, most computers Windows, some with a password manager
 * extension); the point is a population with every situation the engine must handle, in
 * proportions where a naive strategy visibly fails, not a market study.
 */

const PHONE = { iphone: 55, android: 45 } as const;
const COMPUTER_AFTER: Readonly<Record<'iphone' | 'android', Record<'mac' | 'windows' | 'linux', number>>> = {
  iphone: { mac: 45, windows: 50, linux: 5 },
  android: { mac: 12, windows: 76, linux: 12 },
};
const BROWSERS: Readonly<Record<DeviceKind, Record<string, number>>> = {
  iphone: { Safari: 1 },
  android: { Chrome: 1 },
  mac: { Safari: 50, Chrome: 50 },
  windows: { Chrome: 65, Edge: 35 },
  linux: { Chrome: 60, Firefox: 40 },
};
/**
 * Browsers that answer an immediate get (uiMode 'immediate'): the Chromium-based ones, desktop
 * Chrome and Edge and Chrome on Android. They update themselves, so all of them here are recent
 * enough; Safari (macOS, iOS) and Firefox don't.
 */
const answersImmediateGet = (kind: DeviceKind, browser: string) => (browser === 'Chrome' || browser === 'Edge') && kind !== 'iphone';
/** Share of desktop Chrome profiles signed in to Google (Google Password Manager syncs there). */
const CHROME_SIGNED_IN = 0.6;
const PASSWORD_MANAGER_USERS = 0.15;

export class DeviceFactory {
  constructor(
    private readonly person: Person,
    private readonly random: Random,
  ) {}

  /**
   * A new device of the person, signed in to the person's accounts as people usually are; a
   * work computer (`personal` false) has none of them: no Apple ID, no Chrome sign-in, no
   * password manager.
   */
  make(kind: DeviceKind, day: number, personal = true): Device {
    const { person, random } = this;
    const browser = random.weighted(BROWSERS[kind]);
    const mobile = kind === 'iphone' || kind === 'android';
    const nextId = person.devices.reduce((max, d) => Math.max(max, d.id), 0) + 1;
    const device: Device = {
      id: nextId,
      kind,
      pseudonym: random.pseudonym(kind),
      browser,
      mobile,
      // Every Mac has Bluetooth; many Windows towers and Linux boxes don't.
      bluetooth: !mobile && (kind === 'mac' || random.chance(kind === 'windows' ? 0.7 : 0.5)),
      platformAuthenticator: kind !== 'linux' && (kind !== 'windows' || random.chance(0.9)),
      immediateGet: answersImmediateGet(kind, browser),
      retired: false,
      sinceDay: day,
    };
    if (!personal) return device;
    if (kind === 'mac' || kind === 'iphone') device.appleAccount = `apple-${person.index}`;
    if (kind === 'android' || (!mobile && browser === 'Chrome' && random.chance(CHROME_SIGNED_IN)))
      device.googleAccount = `google-${person.index}`;
    const manager = person.devices.find((d) => d.passwordManager !== undefined)?.passwordManager;
    if (manager !== undefined) device.passwordManager = { account: manager.account, loggedIn: true };
    return device;
  }
}

export function makePerson(seed: number, index: number): Person {
  const random = Random.derive(seed, 1, index);
  const person: Person = {
    index,
    username: `user${index}@example.com`,
    devices: [],
    passkeys: [],
    // Every 2 to 10 days on average.
    loginRate: 1 / random.int(2, 10),
    // Mean 0.25: most people skip an offer or two before they take one, some never do.
    eagerness: 0.05 + random.next() * 0.4,
  };
  const factory = new DeviceFactory(person, random);
  const phoneKind = random.weighted(PHONE);
  const phone = factory.make(phoneKind, 0);
  if (random.chance(PASSWORD_MANAGER_USERS)) phone.passwordManager = { account: `pm-${index}`, loggedIn: true };
  person.devices.push(phone);
  // Most people also sign in from a computer, some from two; a few only from their phone.
  const computers = random.weighted({ none: 7, one: 85, two: 8 });
  const count = computers === 'none' ? 0 : computers === 'one' ? 1 : 2;
  for (let i = 0; i < count; i += 1) person.devices.push(factory.make(random.weighted(COMPUTER_AFTER[phoneKind]), 0));
  return person;
}

export function makePopulation(seed: number, size: number): Person[] {
  return Array.from({ length: size }, (_, index) => makePerson(seed, index));
}
