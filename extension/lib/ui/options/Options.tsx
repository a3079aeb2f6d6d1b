import { useState } from 'preact/hooks';
import { DEFAULT_SERVER_URL } from '@pkc/shared';
import { serverUrlSchema } from '../../background/settings.ts';

export interface OptionsProps {
  initialServerUrl: string;
  saveServerUrl: (url: string) => Promise<void>;
  reset: () => Promise<void>;
}

export function Options({ initialServerUrl, saveServerUrl, reset }: OptionsProps) {
  const [url, setUrl] = useState(initialServerUrl);
  const [status, setStatus] = useState<{ kind: 'idle' | 'saved' | 'error' | 'reset'; text: string }>({ kind: 'idle', text: '' });

  const save = async (event: Event) => {
    event.preventDefault();
    const parsed = serverUrlSchema.safeParse(url);
    if (!parsed.success) {
      setStatus({ kind: 'error', text: parsed.error.issues[0]?.message ?? 'invalid URL' });
      return;
    }
    try {
      await saveServerUrl(parsed.data);
    } catch (error) {
      setStatus({ kind: 'error', text: `Not saved: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    setUrl(parsed.data);
    setStatus({ kind: 'saved', text: 'Saved. Partner sites are refreshed now.' });
  };

  return (
    <main class="options">
      <h1>Passkey Companion settings</h1>
      <form onSubmit={(event) => void save(event)}>
        <label for="server-url">Companion server URL</label>
        <input
          id="server-url"
          data-testid="pkc-options-server-url"
          type="url"
          value={url}
          placeholder={DEFAULT_SERVER_URL}
          onInput={(event) => setUrl(event.currentTarget.value)}
        />
        <button type="submit" data-testid="pkc-options-save">
          Save
        </button>
      </form>
      <section>
        <h2>Reset this device</h2>
        <p>Forget this device's site pseudonyms and remembered decisions (passkey offers you skipped will be shown again).</p>
        <button
          type="button"
          data-testid="pkc-options-reset"
          onClick={() =>
            void reset().then(
              () => setStatus({ kind: 'reset', text: 'This device was reset.' }),
              (error: unknown) =>
                setStatus({ kind: 'error', text: `Not reset: ${error instanceof Error ? error.message : String(error)}` }),
            )
          }
        >
          Reset
        </button>
      </section>
      {status.kind !== 'idle' && (
        <p role="status" class={status.kind === 'error' ? 'error' : 'ok'}>
          {status.text}
        </p>
      )}
    </main>
  );
}
