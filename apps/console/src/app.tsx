import { useEffect } from 'preact/hooks';

import { LoginView } from './auth/login-view';
import { DeviceView } from './device/device-view';
import { FleetView } from './fleet/fleet-view';
import { failureModeLabel } from './format';
import { MaintenanceView } from './operations/maintenance-view';
import { SilencesView } from './operations/silences-view';
import { PortalView } from './portal/portal-view';
import { QueueView } from './queue/queue-view';
import { ReportsView } from './reports/reports-view';
import { href, route } from './router';
import { isNoc, lastEvent, logout, session, streamState } from './store';
import { TicketView } from './ticket/ticket-view';

const STREAM_LABEL = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Offline',
} as const;

const EVENT_LABEL: Record<string, string> = {
  TicketOpened: 'New ticket',
  TicketReopened: 'Ticket reopened',
  TicketUpdated: 'Ticket updated',
  TicketAcknowledged: 'Ticket acknowledged',
  TicketResolved: 'Ticket resolved',
  TicketCommented: 'Comment added',
  TicketAssigned: 'Ticket assigned',
  TicketEscalated: 'Ticket escalated',
  OutageSuspected: 'Outage suspected (device silent)',
  TicketAcknowledgementExpired: 'Acknowledgement expired',
  TicketRenotified: 'Ticket notified again',
};

export function App() {
  const current = session.value;
  const view = route.value;

  useEffect(() => {
    // a view change moves the focus to its heading, so keyboard and screen-reader users start there
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [view]);

  if (!current) return <LoginView />;
  const noc = isNoc.value;
  const event = lastEvent.value;
  const links = noc
    ? [
        { to: href.queue(), label: 'Queue', active: view.view === 'queue' },
        { to: href.fleet(), label: 'Fleet', active: view.view === 'fleet' },
        { to: href.maintenance(), label: 'Maintenance', active: view.view === 'maintenance' },
        { to: href.silences(), label: 'Silences', active: view.view === 'silences' },
        { to: href.reports(), label: 'Reports', active: view.view === 'reports' },
      ]
    : [{ to: href.portal(), label: 'My equipment', active: view.view === 'portal' || view.view === 'queue' }];

  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Preempt</span>
        <nav aria-label="Main">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <a href={link.to} aria-current={link.active ? 'page' : undefined}>
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span
          class={`stream stream-${streamState.value}`}
          role="status"
          aria-label={`Live updates: ${STREAM_LABEL[streamState.value]}`}
        >
          {STREAM_LABEL[streamState.value]}
        </span>
        <span class="who">
          {current.who.name} · {current.who.role}
          {current.who.tenant ? ` · ${current.who.tenant}` : ''}
        </span>
        <button type="button" class="secondary" onClick={logout}>
          Log out
        </button>
      </header>
      <div class="sr-only" aria-live="polite">
        {event
          ? `${EVENT_LABEL[event.type] ?? event.type}: ${event.ticket.tenant}/${event.ticket.device}, ${failureModeLabel(event.ticket.failureMode)}`
          : ''}
      </div>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </>
  );
}

function Page() {
  const view = route.value;
  const noc = isNoc.value;
  switch (view.view) {
    case 'queue':
      return noc ? <QueueView /> : <PortalView />;
    case 'portal':
      return <PortalView />;
    case 'fleet':
      return noc ? <FleetView /> : <PortalView />;
    case 'maintenance':
      return noc ? <MaintenanceView /> : <PortalView />;
    case 'silences':
      return noc ? <SilencesView /> : <PortalView />;
    case 'reports':
      return noc ? <ReportsView /> : <PortalView />;
    case 'ticket':
      return <TicketView id={view.id} />;
    case 'device':
      return <DeviceView tenant={view.tenant} device={view.device} />;
    case 'not-found':
      return (
        <>
          <h1 tabIndex={-1}>Not found</h1>
          <p>
            Nothing lives at <code>{view.path}</code>. <a href={href.queue()}>Back to the start</a>.
          </p>
        </>
      );
  }
}
