/** The two methods of `browser.storage.local` the background uses; a fake in tests. */
export interface StorageArea {
  /** `null`: everything stored. */
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}
