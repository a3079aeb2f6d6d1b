import type { SitePolicy } from '../src/intelligence/index.ts';

/*
 * The "don't nag" promise (flow F6), checked from what the simulated people actually saw,
 * not from the server's bounded history: on one device, after `skips` "not now" answers no
 * offer for `days` days, and after "not on this device" none at all while it holds. A
 * passkey sign-in or a new passkey on the device starts it afresh (a working passkey is
 * the end of the matter; a later heal offer is about a new problem).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

interface DeviceState {
  skips: number;
  backedOffUntil: number;
  neverAt: number | undefined;
}

export class BackoffCheck {
  private readonly devices = new Map<string, DeviceState>();
  violations = 0;

  constructor(private readonly policy: SitePolicy) {}

  private state(device: string): DeviceState {
    let state = this.devices.get(device);
    if (!state) {
      state = { skips: 0, backedOffUntil: -Infinity, neverAt: undefined };
      this.devices.set(device, state);
    }
    return state;
  }

  offered(device: string, at: number): void {
    const state = this.state(device);
    const neverHolds =
      state.neverAt !== undefined &&
      (this.policy.neverOnDevice === undefined || at < state.neverAt + this.policy.neverOnDevice.days * DAY_MS);
    if (at < state.backedOffUntil || neverHolds) this.violations += 1;
  }

  skipped(device: string, at: number): void {
    const state = this.state(device);
    state.skips += 1;
    if (state.skips >= this.policy.skipBackoff.skips) {
      state.backedOffUntil = at + this.policy.skipBackoff.days * DAY_MS;
      state.skips = 0;
    }
  }

  saidNever(device: string, at: number): void {
    this.state(device).neverAt = at;
  }

  freshStart(device: string): void {
    this.devices.delete(device);
  }
}
