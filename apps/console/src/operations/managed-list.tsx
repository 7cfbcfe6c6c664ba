import { useCallback, useEffect, useState } from 'preact/hooks';

import { ProblemMessage } from '../ticket/problem-message';

/**
 * A list the NOC manages (maintenance windows, silences, retired devices): loaded once, reloaded after each
 * change, which is announced only once the list shows it (so the status never contradicts the table).
 * `fetchItems` must be stable (module-level, or memoized).
 * @example const list = useManagedList(() => api().silences()); await list.changed(expire(s), 'Expired.');
 */
export function useManagedList<T>(fetchItems: () => Promise<{ items: T[] }>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await fetchItems()).items);
    } catch (failure) {
      setError(failure);
    }
  }, [fetchItems]);
  useEffect(() => void load(), [load]);

  /** Runs a change, reloads, then announces `message` (or shows why the change failed). */
  const change = async (run: () => Promise<unknown>, message: string): Promise<void> => {
    setError(null);
    try {
      await run();
      await load();
      setNotice(message);
    } catch (failure) {
      setError(failure);
    }
  };

  /** A change made elsewhere (a form) succeeded: reload, then announce. */
  const changed = async (message: string): Promise<void> => {
    await load();
    setNotice(message);
  };

  return { items, error, notice, change, changed };
}

/** The list's error, its last announcement, and what shows while it loads or when it is empty. */
export function ListStatus({
  list,
  empty,
}: {
  list: { items: unknown[] | null; error: unknown; notice: string | null };
  empty: string;
}) {
  return (
    <>
      {list.error !== null && <ProblemMessage error={list.error} />}
      {list.notice && (
        <p role="status" class="notice">
          {list.notice}
        </p>
      )}
      {list.items === null && list.error === null && <p>Loading…</p>}
      {list.items && list.items.length === 0 && <p>{empty}</p>}
    </>
  );
}
