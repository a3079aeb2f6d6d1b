import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: unknown };

const LOADING = { status: 'loading' } as const;

/**
 * Loads once per change of `deps`, and again on `reload()`. What was loaded is kept with the
 * deps it was loaded for: on the render where the deps change it reads as loading at once (not
 * last page's value for one render), and a reply that arrives after the deps changed (or the
 * page went away) is dropped, so a slow answer for last month can't overwrite this month's.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void, (value: T) => void] {
  const [round, setRound] = useState(0);
  const key = [...deps, round];
  const [loaded, setLoaded] = useState<{ key: readonly unknown[]; state: Loaded<T> }>({ key, state: LOADING });
  const latestKey = useRef(key);
  latestKey.current = key;

  // `load` is a fresh closure each render: `deps` say when it means something new.
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setLoaded({ key, state: { status: 'ready', value } }),
      (error: unknown) => current && setLoaded({ key, state: { status: 'failed', error } }),
    );
    return () => {
      current = false;
    };
  }, key);

  const reload = useCallback(() => setRound((value) => value + 1), []);
  const replace = useCallback((value: T) => setLoaded({ key: latestKey.current, state: { status: 'ready', value } }), []);
  return [sameKey(loaded.key, key) ? loaded.state : LOADING, reload, replace];
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}
