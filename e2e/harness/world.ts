import { afterAll, beforeAll } from 'vitest';
import { Device, type Tab } from './device.ts';
import { startStack, type Stack } from './stack.ts';

/** The real parts one flow on one device needs; filled in by `beforeAll`. */
export interface OneDeviceWorld {
  stack: Stack;
  device: Device;
  /** A tab on the shop's login page, with an internal (platform) virtual authenticator. */
  tab: Tab;
}

/**
 * Registers the suite's setup and teardown: the companion + partner sites, one fresh
 * desktop browser profile with the extension pointed at the companion, and a shop tab.
 */
export function oneDeviceWorld(): OneDeviceWorld {
  const world: Partial<OneDeviceWorld> = {};
  beforeAll(async () => {
    const stack = await startStack();
    world.stack = stack;
    const device = await Device.launch('desktop');
    world.device = device;
    await device.useCompanion(stack.companionUrl, [stack.shop.origin, stack.bank.origin]);
    world.tab = await device.openTab(`${stack.shop.origin}/login`);
  });
  afterAll(async () => {
    await world.device?.close();
    await world.stack?.close();
  });
  return new Proxy(world, {
    get(target, key: keyof OneDeviceWorld) {
      const value = target[key];
      if (value === undefined) throw new Error(`the world's ${key} is not set up yet (used outside a test?)`);
      return value;
    },
  }) as OneDeviceWorld;
}
