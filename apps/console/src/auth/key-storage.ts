const STORAGE_KEY = 'preempt.apiKey';
const KEY_FRAGMENT = /^#key=([A-Za-z0-9_-]{16,256})$/;

/**
 * The key in a `/#key=…` link (the one the platform prints at first start). A fragment never reaches the
 * server, so the key is not in any access log; the caller removes it from the address bar at once.
 *
 * @example keyFromFragment('#key=pk_live_abc…') // 'pk_live_abc…'
 */
export function keyFromFragment(hash: string): string | null {
  return KEY_FRAGMENT.exec(hash)?.[1] ?? null;
}

/** The key is kept for this browser tab's session only (sessionStorage), never in localStorage or a cookie. */
export function storedKey(storage: Pick<Storage, 'getItem'>): string | null {
  return storage.getItem(STORAGE_KEY);
}

export function storeKey(storage: Pick<Storage, 'setItem'>, key: string): void {
  storage.setItem(STORAGE_KEY, key);
}

export function forgetKey(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(STORAGE_KEY);
}
