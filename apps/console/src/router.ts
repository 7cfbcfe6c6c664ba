import { signal } from '@preact/signals';

export type Route =
  | { view: 'queue' }
  | { view: 'fleet' }
  | { view: 'portal' }
  | { view: 'maintenance' }
  | { view: 'silences' }
  | { view: 'reports' }
  | { view: 'ticket'; id: string }
  | { view: 'device'; tenant: string; device: string }
  | { view: 'not-found'; path: string };

/**
 * Views live in the fragment (`#/tickets/{id}`), so the platform serves one index.html and a reload keeps
 * the view. `#key=…` is not a route: main.tsx takes the key out of the address bar first.
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { view: 'queue' };
  if (parts.length === 1 && parts[0] === 'fleet') return { view: 'fleet' };
  if (parts.length === 1 && parts[0] === 'portal') return { view: 'portal' };
  if (parts.length === 1 && parts[0] === 'maintenance') return { view: 'maintenance' };
  if (parts.length === 1 && parts[0] === 'silences') return { view: 'silences' };
  if (parts.length === 1 && parts[0] === 'reports') return { view: 'reports' };
  if (parts.length === 2 && parts[0] === 'tickets') return { view: 'ticket', id: parts[1] };
  if (parts.length === 3 && parts[0] === 'devices')
    return { view: 'device', tenant: parts[1], device: parts[2] };
  return { view: 'not-found', path };
}

export const href = {
  queue: () => '#/',
  fleet: () => '#/fleet',
  portal: () => '#/portal',
  maintenance: () => '#/maintenance',
  silences: () => '#/silences',
  reports: () => '#/reports',
  ticket: (id: string) => `#/tickets/${encodeURIComponent(id)}`,
  device: (tenant: string, device: string) =>
    `#/devices/${encodeURIComponent(tenant)}/${encodeURIComponent(device)}`,
};

export const route = signal<Route>(parseRoute(location.hash));
addEventListener('hashchange', () => {
  route.value = parseRoute(location.hash);
});
