import type { RetiredDeviceDto } from '../api/api-types.generated';
import { dateTime } from '../format';
import { ListStatus, useManagedList } from '../operations/managed-list';
import { api } from '../store';

const fetchRetired = () => api().retiredDevices();

/** The devices the NOC retired (decommissioned), and undoing a retirement. */
export function RetiredDevices() {
  const list = useManagedList(fetchRetired);
  const items = list.items;
  const undo = (retired: RetiredDeviceDto) =>
    list.change(
      () => api().unretireDevice(retired.tenant, retired.device),
      `${retired.tenant}/${retired.device} is watched again: its next points start afresh.`,
    );

  return (
    <section aria-labelledby="retired">
      <h2 id="retired">Retired devices</h2>
      <p class="hint">decommissioned: no tickets open for them and the detectors do not watch them</p>
      <ListStatus list={list} empty="No retired device." />
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
