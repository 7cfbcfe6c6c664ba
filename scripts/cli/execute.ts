import type { ApiClient } from './api-client';
import type {
  CreatedKey,
  Feedback,
  KeyRecord,
  MaintenanceWindow,
  OperationsReport,
  RetiredDevice,
  Silence,
  Ticket,
  TicketDetail,
  TicketPage,
} from './api-types';
import type { Command } from './cli-commands';
import { CliError, EXIT } from './cli-errors';
import {
  feedbackTable,
  operationsText,
  retiredTable,
  silencesTable,
  silenceSummary,
  windowDetail,
  windowsTable,
  windowSummary,
} from './noc-output';
import {
  clean,
  createdKeyDetails,
  keysTable,
  type OutputFormat,
  SHORT_ID_LENGTH,
  ticketDetail,
  ticketsTable,
  toJson,
} from './output';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  now(): number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The pages a ticket id prefix is looked up in (500 tickets each). */
const MAX_LOOKUP_PAGES = 20;

const path = {
  keys: 'api/v1/keys',
  key: (id: string) => `api/v1/keys/${encodeURIComponent(id)}`,
  tickets: 'api/v1/tickets',
  ticket: (id: string, action = '') => `api/v1/tickets/${encodeURIComponent(id)}${action}`,
  windows: 'api/v1/maintenance-windows',
  window: (id: string) => `api/v1/maintenance-windows/${encodeURIComponent(id)}`,
  silences: 'api/v1/silences',
  silence: (id: string) => `api/v1/silences/${encodeURIComponent(id)}`,
  feedback: 'api/v1/feedback',
  feedbackItem: (id: string) => `api/v1/feedback/${encodeURIComponent(id)}`,
  retired: 'api/v1/retired-devices',
  operationsReport: 'api/v1/reports/operations',
  retiredDevice: (tenant: string, device: string) =>
    `api/v1/retired-devices/${encodeURIComponent(tenant)}/${encodeURIComponent(device)}`,
};

/** Runs one command against the API and prints its answer: the data on stdout, notes on stderr. */
export async function execute(command: Command, api: ApiClient, format: OutputFormat, io: Io): Promise<void> {
  const print = (value: unknown, text: () => string) => io.stdout(format === 'json' ? toJson(value) : text());
  switch (command.name) {
    case 'keys create': {
      const body = { name: command.keyName, role: command.role, tenant: command.tenant };
      const created = await api.request<CreatedKey>('POST', path.keys, { body });
      if (format === 'json') return io.stdout(toJson(created));
      // the key alone on stdout, so that KEY=$(npm run -s cli -- keys create ...) holds just the key
      io.stdout(`${created.key}\n`);
      return io.stderr(createdKeyDetails(created));
    }
    case 'keys list': {
      const { items } = await api.request<{ items: KeyRecord[] }>('GET', path.keys);
      return print({ items }, () => keysTable(items));
    }
    case 'keys revoke': {
      const revoked = await api.request<KeyRecord>('DELETE', path.key(command.id));
      return print(
        revoked,
        () => clean(`revoked key ${revoked.id} (${revoked.name}, ${revoked.prefix})`) + '\n',
      );
    }
    case 'tickets list': {
      const { name: _, ...query } = command;
      const page = await api.request<TicketPage>('GET', path.tickets, { query });
      print(page, () => ticketsTable(page.items, io.now()));
      if (format === 'table' && page.nextCursor !== null)
        io.stderr(
          `${page.items.length} of ${page.total} tickets; next page: --cursor ${clean(page.nextCursor)}\n`,
        );
      else if (format === 'table' && page.items.length === 0) io.stderr('no tickets\n');
      return;
    }
    case 'tickets show': {
      const id = await resolveTicketId(api, command.id);
      const ticket = await api.request<TicketDetail>('GET', path.ticket(id));
      return print(ticket, () => ticketDetail(ticket, io.now()));
    }
    case 'tickets ack':
    case 'tickets resolve': {
      const id = await resolveTicketId(api, command.id);
      const action = command.name === 'tickets ack' ? 'acknowledge' : 'resolve';
      const body = {
        ...(command.comment === undefined ? {} : { comment: command.comment }),
        ...(command.name === 'tickets resolve' && command.falsePositive ? { falsePositive: true } : {}),
      };
      const ticket = await api.request<TicketDetail>('POST', path.ticket(id, `/${action}`), { body });
      return print(ticket, () => clean(`ticket ${ticket.id} ${summary(ticket)}: ${ticket.status}`) + '\n');
    }
    case 'windows create':
    case 'windows update': {
      const [method, url, verb] =
        command.name === 'windows create'
          ? ['POST', path.windows, 'created']
          : ['PATCH', path.window(command.id), 'updated'];
      const window = await api.request<MaintenanceWindow>(method, url, { body: command.window });
      return print(window, () => windowSummary(verb, window, io.now()));
    }
    case 'windows list': {
      const query = { tenant: command.tenant, active: command.active ? 'true' : undefined };
      const { items } = await api.request<{ items: MaintenanceWindow[] }>('GET', path.windows, { query });
      print({ items }, () => windowsTable(items, io.now()));
      if (format === 'table' && items.length === 0) io.stderr('no maintenance windows\n');
      return;
    }
    case 'windows show': {
      const window = await api.request<MaintenanceWindow>('GET', path.window(command.id));
      return print(window, () => windowDetail(window, io.now()));
    }
    case 'windows delete':
      // 204: no answer to print; JSON gets what was done
      await api.request<undefined>('DELETE', path.window(command.id));
      return print({ id: command.id, deleted: true }, () => clean(`deleted window ${command.id}`) + '\n');
    case 'silences create': {
      const silence = await api.request<Silence>('POST', path.silences, { body: command.silence });
      return print(silence, () => silenceSummary('created', silence, io.now()));
    }
    case 'silences list': {
      const query = { state: command.state, tenant: command.tenant };
      const { items } = await api.request<{ items: Silence[] }>('GET', path.silences, { query });
      print({ items }, () => silencesTable(items, io.now()));
      if (format === 'table' && items.length === 0) io.stderr('no silences\n');
      return;
    }
    case 'silences expire': {
      const silence = await api.request<Silence>('DELETE', path.silence(command.id));
      return print(silence, () => silenceSummary('expired', silence, io.now()));
    }
    case 'feedback list': {
      const query = { tenant: command.tenant, device: command.device };
      const { items } = await api.request<{ items: Feedback[] }>('GET', path.feedback, { query });
      print({ items }, () => feedbackTable(items, io.now()));
      if (format === 'table' && items.length === 0) io.stderr('no feedback\n');
      return;
    }
    case 'devices retire': {
      const retired = await api.request<RetiredDevice>(
        'PUT',
        path.retiredDevice(command.tenant, command.device),
        {
          body: { comment: command.comment },
        },
      );
      const resolved = retired.resolvedTickets ?? [];
      return print(
        retired,
        () =>
          clean(
            `retired ${retired.tenant}/${retired.device}` +
              (resolved.length === 0
                ? ''
                : `; resolved ${resolved.length} ticket(s): ${resolved.join(', ')}`),
          ) + '\n',
      );
    }
    case 'devices unretire': {
      await api.request<undefined>('DELETE', path.retiredDevice(command.tenant, command.device));
      const undone = { tenant: command.tenant, device: command.device, retired: false };
      return print(undone, () => clean(`${command.tenant}/${command.device} is no longer retired`) + '\n');
    }
    case 'devices retired': {
      const query = { tenant: command.tenant };
      const { items } = await api.request<{ items: RetiredDevice[] }>('GET', path.retired, { query });
      print({ items }, () => retiredTable(items));
      if (format === 'table' && items.length === 0) io.stderr('no retired devices\n');
      return;
    }
    case 'reports operations': {
      const query = { tenant: command.tenant, from: command.from, to: command.to };
      const report = await api.request<OperationsReport>('GET', path.operationsReport, { query });
      return print(report, () => operationsText(report));
    }
    case 'feedback undo': {
      const undone = await api.request<Feedback>('DELETE', path.feedbackItem(command.id));
      return print(
        undone,
        () =>
          clean(`undid feedback ${undone.id} (${undone.tenant}/${undone.device} ${undone.failureMode})`) +
          '\n',
      );
    }
  }
}

function summary(ticket: Ticket): string {
  return `(${ticket.tenant}/${ticket.device} ${ticket.failureMode}, ${ticket.severity})`;
}

/**
 * A full ticket id as it is; a prefix (as `tickets list` shows ids) looked up in the tickets the key may
 * see, newest first. Ambiguous is a usage error, none a 404 (exit 4).
 */
export async function resolveTicketId(api: ApiClient, id: string): Promise<string> {
  if (UUID.test(id)) return id.toLowerCase();
  const prefix = id.toLowerCase();
  if (!/^[0-9a-f-]+$/.test(prefix) || prefix.length < SHORT_ID_LENGTH)
    throw new CliError(
      `"${clean(id)}" is not a ticket id: give the full id or its first ${SHORT_ID_LENGTH} or more characters`,
      EXIT.usage,
    );
  const matches: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LOOKUP_PAGES; page++) {
    const { items, nextCursor } = await api.request<TicketPage>('GET', path.tickets, {
      query: { limit: 500, cursor },
    });
    matches.push(...items.map((ticket) => ticket.id).filter((ticketId) => ticketId.startsWith(prefix)));
    if (matches.length > 1)
      throw new CliError(
        `ticket id "${prefix}" is ambiguous: ${matches.join(', ')}; give more characters`,
        EXIT.usage,
      );
    if (nextCursor === null) {
      if (matches.length === 0) throw new CliError(`no ticket id starts with "${prefix}"`, EXIT.notFound);
      return matches[0];
    }
    cursor = nextCursor;
  }
  throw new CliError(
    `looked "${prefix}" up in the newest ${MAX_LOOKUP_PAGES * 500} tickets only: give the full id (--output json shows it)`,
    EXIT.usage,
  );
}
