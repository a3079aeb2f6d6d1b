import '../../lib/ui/page.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { readServerUrl } from '../../lib/background/settings.ts';
import { STORAGE_KEYS } from '../../lib/background/storageKeys.ts';
import { Options } from '../../lib/ui/options/Options.tsx';
import { resetDeviceData } from '../../lib/ui/options/resetDeviceData.ts';

async function main(): Promise<void> {
  const storage = browser.storage.local;
  const initialServerUrl = await readServerUrl(storage);
  const app = document.getElementById('app');
  if (app === null) return;
  render(
    <Options
      initialServerUrl={initialServerUrl}
      // The background watches this key and refreshes the partner list at once.
      saveServerUrl={(url) => storage.set({ [STORAGE_KEYS.serverUrl]: url })}
      reset={() => resetDeviceData(storage)}
    />,
    app,
  );
}

void main();
