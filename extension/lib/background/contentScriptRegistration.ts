/** The content script the background registers at runtime for partner origins only. */
export const CONTENT_SCRIPT_ID = 'passkey-companion-content';
export const CONTENT_SCRIPT_FILE = 'content-scripts/content.js';

export interface RegisteredScript {
  id: string;
  matches?: string[];
}

/** The slice of `browser.scripting` used here (fakeBrowser doesn't implement it). */
export interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<RegisteredScript[]>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
  registerContentScripts(
    scripts: Array<{ id: string; matches: string[]; js: string[]; runAt: 'document_idle'; persistAcrossSessions: boolean }>,
  ): Promise<void>;
}

/**
 * Makes the registered content script match exactly `patterns` (ARCHITECTURE §3: zero work
 * on other sites). Unchanged patterns are left alone; otherwise the stale copy is removed
 * first (a second register with the same id fails). No patterns → no content script at all.
 */
export async function syncContentScript(scripting: ScriptingApi, patterns: readonly string[]): Promise<'unchanged' | 'updated'> {
  const existing = await scripting.getRegisteredContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  const current = existing.find((script) => script.id === CONTENT_SCRIPT_ID);
  if (current !== undefined && sameSet(current.matches ?? [], patterns)) return 'unchanged';
  if (current === undefined && patterns.length === 0) return 'unchanged';
  if (current !== undefined) await scripting.unregisterContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  if (patterns.length > 0) {
    await scripting.registerContentScripts([
      {
        id: CONTENT_SCRIPT_ID,
        matches: [...patterns],
        js: [CONTENT_SCRIPT_FILE],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  }
  return 'updated';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((item) => set.has(item));
}
