import type { AppendVariant } from '@pkc/shared';
import type { Random } from '../random.ts';
import { activeDevices, type Device, type Person } from './model.ts';

/*
 * How a person acts at the moments the engine can't see coming: which device they pick up,
 * whether they dismiss a prompt that would have worked, what they answer to an offer.
 */

/** Dismissing a passkey prompt that would have worked (distracted, wrong finger, changed mind). */
export const CANCEL_RATE = 0.03;

/**
 * A plain passkey prompt with nothing here to answer it still shows "use a phone" (QR code)
 * for credentials announced with the hybrid transport; unannounced, most people cancel it.
 * The engine's hybrid decision comes with the extension saying "scan the QR code with your
 * phone", so it is followed.
 */
export const FOLLOWS_UNEXPECTED_QR = 0.3;

/** The phone about half the time, the computers share the rest. */
export function deviceForLogin(person: Person, random: Random): Device {
  const devices = activeDevices(person);
  const desktops = devices.filter((d) => !d.mobile).length;
  const device = devices[random.index(devices.map((d) => (d.mobile ? 45 : 55 / desktops)))];
  if (device === undefined) throw new Error(`${person.username} has no device`);
  return device;
}

/** An offer that fixes something the person just felt (a failing passkey, a phone scan) lands more often. */
const PULL: Readonly<Record<AppendVariant, number>> = {
  'first-passkey': 1,
  'second-device': 1,
  'after-hybrid': 1.3,
  heal: 1.3,
};

export type OfferAnswer = 'create' | 'skip' | 'never';

/** `draw` is uniform in [0, 1), drawn whatever the strategy so answers line up across strategies. */
export function answerOffer(person: Person, variant: AppendVariant, draw: number): OfferAnswer {
  const accept = Math.min(0.95, person.eagerness * PULL[variant]);
  if (draw < accept) return 'create';
  // The reluctant say "not on this device" more readily than the eager.
  const never = (1 - accept) * 0.2 * (1 - person.eagerness);
  return draw < accept + never ? 'never' : 'skip';
}
