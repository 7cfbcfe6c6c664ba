import { useCallback, useEffect, useState } from 'preact/hooks';

import type { RetiredDeviceDto } from '../api/api-types.generated';
import { dateTime } from '../format';
import { api } from '../store';
import { ProblemMessage } from '../ticket/problem-message';

/** The devices the NOC retired (decommissioned), and undoing a retirement. */
export function RetiredDevices() {
  const [items, setItems] = useState<RetiredDeviceDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await api().retiredDevices()).items);
    } catch (failure) {
      setError(failure);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const undo = async (retired: RetiredDeviceDto) => {
    setError(null);
    try {
      await api().unretireDevice(retired.tenant, retired.device);
      // Announce once the list shows it, so the status never contradicts the table.
      await load();
      setNotice(`${retired.tenant}/${retired.device} is watched again: its next points start afresh.`);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby="retired">
      <h2 id="retired">Retired devices</h2>
      <p class="hint">decommissioned: no tickets open for them and the detectors do not watch them</p>
      {error !== null && <ProblemMessage error={error} />}
      {notice && (
        <p role="status" class="notice">
          {notice}
        </p>
      )}
      {items === null && error === null && <p>Loading…</p>}
      {items && items.length === 0 && <p>No retired device.</p>}
      {items && items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Retired</th>
              <th scope="col">Why</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((retired) => (
              <tr key={`${retired.tenant}/${retired.device}`}>
                <td>
                  {retired.tenant}/{retired.device}
                </td>
                <td>{dateTime(retired.retiredAt)}</td>
                <td>
                  {retired.comment} <span class="muted">({retired.retiredBy})</span>
                </td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => void undo(retired)}
                    aria-label={`Undo retirement of ${retired.tenant}/${retired.device}`}
                  >
                    Undo retirement
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
