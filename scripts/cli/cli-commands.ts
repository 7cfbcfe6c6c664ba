// What the CLI can do: each command's flags, positionals and help, in one table (read by the parser and
// by --help), and the parsed result, one type per command.
import {
  type Role,
  ROLES,
  SEVERITIES,
  type Severity,
  SILENCE_STATES,
  type SilenceState,
  TICKET_STATUSES,
  type TicketStatus,
} from './api-types';
import { EXIT_CODES_HELP } from './cli-errors';

export const PROGRAM = 'npm run cli --';
export const DEFAULT_URL = 'http://127.0.0.1:8080';

export type Command =
  | { name: 'keys create'; role: Role; tenant?: string; keyName: string }
  | { name: 'keys list' }
  | { name: 'keys revoke'; id: string }
  | {
      name: 'tickets list';
      status?: TicketStatus;
      severity?: Severity;
      tenant?: string;
      device?: string;
      limit?: number;
      cursor?: string;
    }
  | { name: 'tickets show'; id: string }
  | { name: 'tickets ack'; id: string; comment?: string }
  | { name: 'tickets resolve'; id: string; comment?: string; falsePositive: boolean }
  | { name: 'windows create'; window: WindowFields & Required<Pick<WindowFields, 'tenant'>> }
  | { name: 'windows update'; id: string; window: WindowFields }
  | { name: 'windows list'; tenant?: string; active: boolean }
  | { name: 'windows show' | 'windows delete'; id: string }
  | { name: 'silences create'; silence: SilenceFields }
  | { name: 'silences list'; state?: SilenceState; tenant?: string }
  | { name: 'silences expire'; id: string }
  | { name: 'feedback list'; tenant?: string; device?: string }
  | { name: 'feedback undo'; id: string }
  | { name: 'devices retire'; tenant: string; device: string; comment: string }
  | { name: 'devices unretire'; tenant: string; device: string }
  | { name: 'devices retired'; tenant?: string }
  | { name: 'reports operations'; tenant?: string; from?: string; to?: string };

/** The body of POST (all but tenant required) and PATCH /api/v1/maintenance-windows: the flags given. */
export interface WindowFields {
  tenant?: string;
  devices?: string[];
  site?: string;
  start?: string;
  durationMinutes?: number;
  timeZone?: string;
  /** null: no longer recurring (`--rrule none` on update) */
  rrule?: string | null;
  comment?: string;
}

/** The body of POST /api/v1/silences: exactly one of endsAt and untilResolved. */
export interface SilenceFields {
  tenant: string;
  device?: string;
  site?: string;
  failureMode?: string;
  comment: string;
  endsAt?: string;
  untilResolved?: true;
}

export type CommandName = Command['name'];

export interface CommandSpec {
  name: CommandName;
  /** after the command name in the usage line */
  synopsis: string;
  summary: string;
  /** the command's own flags and their help; they take a value unless listed in `switches` */
  flags: Record<string, string>;
  /** flags without a value (--active) */
  switches?: readonly string[];
  /** flags that may be given more than once (--device A --device B) */
  repeatable?: readonly string[];
  positionals: readonly string[];
}

const WINDOW_FLAGS = {
  tenant: 'the tenant the window belongs to',
  device: 'a device in the window (repeat for several); with neither --device nor --site: every device',
  site: 'the site tag whose devices are in the window',
  start: 'the first start, as a local wall time in --tz: 2027-03-28T01:30 (no offset)',
  duration: 'how long each occurrence lasts: 90m, 2h, 1h30m, 1d (at most 31d)',
  tz: 'the IANA time zone of --start, e.g. Europe/Paris (the wall time repeats across DST changes)',
  rrule: "an RFC 5545 RRULE, e.g. 'FREQ=WEEKLY;BYDAY=SU'; without it (or with none) the window happens once",
  comment: 'why (shown with the window)',
};
const { tenant: _tenant, ...WINDOW_UPDATE_FLAGS } = WINDOW_FLAGS;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'keys create',
    synopsis: `--role ${ROLES.join('|')} [--tenant T] --name NAME`,
    summary:
      'Create an API key (POST /api/v1/keys; admin keys only). The key is printed alone on stdout, once, ' +
      'its details on stderr: KEY=$(npm run -s cli -- keys create ...). With --output json, the whole ' +
      'answer (key included) goes to stdout.',
    flags: {
      role: `admin (everything, keys included), noc (every tenant, acts on tickets) or customer (one tenant, read only)`,
      tenant: 'the tenant of a customer key (required for customer, refused for admin and noc)',
      name: 'what the key is for, 1 to 100 characters',
    },
    positionals: [],
  },
  {
    name: 'keys list',
    synopsis: '',
    summary: 'List the API keys, revoked ones included (GET /api/v1/keys; admin keys only). Never the keys.',
    flags: {},
    positionals: [],
  },
  {
    name: 'keys revoke',
    synopsis: 'ID',
    summary: 'Revoke an API key by its id, as keys list shows it (DELETE /api/v1/keys/ID; admin keys only).',
    flags: {},
    positionals: ['ID'],
  },
  {
    name: 'tickets list',
    synopsis: `[--status ${TICKET_STATUSES.join('|')}] [--severity ${SEVERITIES.join('|')}] [--tenant T] [--device D] [--limit N] [--cursor C]`,
    summary: "List tickets, newest first (GET /api/v1/tickets). A customer key sees its own tenant's only.",
    flags: {
      status: TICKET_STATUSES.join(', '),
      severity: SEVERITIES.join(', '),
      tenant: 'one tenant',
      device: 'one device',
      limit: 'at most N tickets, 1 to 500 (default 50)',
      cursor: 'the next page: the cursor a previous page printed',
    },
    positionals: [],
  },
  {
    name: 'tickets show',
    synopsis: 'ID',
    summary: 'Show a ticket with its evidence and audit trail (GET /api/v1/tickets/ID).',
    flags: {},
    positionals: ['ID'],
  },
  {
    name: 'tickets ack',
    synopsis: 'ID [--comment TEXT]',
    summary: 'Acknowledge an open ticket (POST /api/v1/tickets/ID/acknowledge; admin and noc keys).',
    flags: { comment: 'a note for the audit trail (at most 2000 characters)' },
    positionals: ['ID'],
  },
  {
    name: 'tickets resolve',
    synopsis: 'ID [--false-positive] [--comment TEXT]',
    summary:
      'Resolve a ticket (POST /api/v1/tickets/ID/resolve; admin and noc keys). With --false-positive, the ' +
      'ticket was wrong: the detector gets the feedback (feedback list shows it, feedback undo reverts it).',
    flags: {
      comment: 'a note for the audit trail (at most 2000 characters); required with --false-positive',
      'false-positive': 'the ticket should not have been opened (needs --comment)',
    },
    switches: ['false-positive'],
    positionals: ['ID'],
  },
  {
    name: 'windows create',
    synopsis:
      '--tenant T [--device D]... [--site S] --start YYYY-MM-DDTHH:mm --duration 2h --tz ZONE [--rrule RULE] --comment TEXT',
    summary:
      'Create a maintenance window (POST /api/v1/maintenance-windows; admin and noc keys): while it runs, ' +
      'evidence in its scope opens no ticket, and open tickets do not escalate.',
    flags: WINDOW_FLAGS,
    repeatable: ['device'],
    positionals: [],
  },
  {
    name: 'windows list',
    synopsis: '[--tenant T] [--active]',
    summary: 'List maintenance windows (GET /api/v1/maintenance-windows).',
    flags: { tenant: 'one tenant', active: 'only the windows running now' },
    switches: ['active'],
    positionals: [],
  },
  {
    name: 'windows show',
    synopsis: 'ID',
    summary:
      'Show a maintenance window with its current and next occurrence (GET /api/v1/maintenance-windows/ID).',
    flags: {},
    positionals: ['ID'],
  },
  {
    name: 'windows update',
    synopsis:
      'ID [--device D]... [--site S] [--start YYYY-MM-DDTHH:mm] [--duration 2h] [--tz ZONE] [--rrule RULE|none] [--comment TEXT]',
    summary:
      'Change a maintenance window (PATCH /api/v1/maintenance-windows/ID): only the flags given; --device ' +
      'replaces the list, --rrule none makes it happen once.',
    flags: WINDOW_UPDATE_FLAGS,
    repeatable: ['device'],
    positionals: ['ID'],
  },
  {
    name: 'windows delete',
    synopsis: 'ID',
    summary: 'Delete a maintenance window (DELETE /api/v1/maintenance-windows/ID).',
    flags: {},
    positionals: ['ID'],
  },
  {
    name: 'silences create',
    synopsis:
      '--tenant T [--device D] [--site S] [--failure-mode M] (--until TIME | --for 2h | --until-resolved) --comment TEXT',
    summary:
      'Silence matching tickets (POST /api/v1/silences; admin and noc keys), Alertmanager style: every ' +
      'matcher given must match. A condition still failing when the silence ends is notified again.',
    flags: {
      tenant: 'the tenant to match',
      device: 'only this device',
      site: 'only devices with this site tag',
      'failure-mode': 'only this failure mode (e.g. overheating)',
      until: 'the end, RFC 3339 with a zone: 2027-03-28T18:00:00Z or 2027-03-28T20:00:00+02:00',
      for: 'the end, from now: 90m, 2h, 1h30m, 1d',
      'until-resolved': 'until the open tickets it matches now resolve (refused when none matches)',
      comment: 'why (required)',
    },
    switches: ['until-resolved'],
    positionals: [],
  },
  {
    name: 'silences list',
    synopsis: `[--state ${SILENCE_STATES.join('|')}] [--tenant T]`,
    summary: 'List silences (GET /api/v1/silences).',
    flags: { state: SILENCE_STATES.join(', '), tenant: 'one tenant' },
    positionals: [],
  },
  {
    name: 'silences expire',
    synopsis: 'ID',
    summary: 'End a silence now (DELETE /api/v1/silences/ID).',
    flags: {},
    positionals: ['ID'],
  },
  {
    name: 'feedback list',
    synopsis: '[--tenant T] [--device D]',
    summary:
      'List the false-positive feedback in force and past (GET /api/v1/feedback): what each changes, and until when.',
    flags: { tenant: 'one tenant', device: 'one device' },
    positionals: [],
  },
  {
    name: 'feedback undo',
    synopsis: 'ID',
    summary: 'Revert a false-positive feedback (DELETE /api/v1/feedback/ID).',
    flags: {},
    positionals: ['ID'],
  },
  {
    name: 'devices retire',
    synopsis: 'TENANT DEVICE --comment TEXT',
    summary:
      'Retire a decommissioned device (PUT /api/v1/retired-devices/TENANT/DEVICE): its open tickets resolve, ' +
      'nothing opens for it, the detectors drop its points and forget its models.',
    flags: { comment: 'why (kept with the retirement and on the resolved tickets)' },
    positionals: ['TENANT', 'DEVICE'],
  },
  {
    name: 'devices unretire',
    synopsis: 'TENANT DEVICE',
    summary:
      'Undo a retirement (DELETE /api/v1/retired-devices/TENANT/DEVICE): its next points start afresh.',
    flags: {},
    positionals: ['TENANT', 'DEVICE'],
  },
  {
    name: 'devices retired',
    synopsis: '[--tenant T]',
    summary: 'List the retired devices (GET /api/v1/retired-devices).',
    flags: { tenant: 'one tenant' },
    positionals: [],
  },
  {
    name: 'reports operations',
    synopsis: '[--tenant T] [--from TIME] [--to TIME]',
    summary:
      'How the tickets opened in a period were handled (GET /api/v1/reports/operations): time to acknowledge ' +
      'and to resolve (median, p90), false positives, escalations, warning lead; per failure mode.',
    flags: {
      tenant: 'one tenant',
      from: 'start, RFC 3339 with a zone (default: 7 days before --to)',
      to: 'end, RFC 3339 with a zone (default: now)',
    },
    positionals: [],
  },
];

export const GROUPS = ['keys', 'tickets', 'windows', 'silences', 'feedback', 'devices', 'reports'] as const;

const GLOBAL_FLAGS = `global flags:
  --url URL            the platform's HTTP API (default: $PREEMPT_URL, else ${DEFAULT_URL})
  --key-file FILE      read the API key from FILE (default: $PREEMPT_API_KEY); a key is never accepted
                       on the command line, where it would land in the shell history
  -o, --output FORMAT  table (default) or json
  -h, --help           this help; COMMAND --help for a command's
  --version            the CLI's version`;

const ID_NOTE =
  'ID is a ticket id, or its first 8 or more characters as tickets list shows them (resolved through the list).';

function usageLine(spec: CommandSpec): string {
  return `usage: ${PROGRAM} [global flags] ${spec.name}${spec.synopsis === '' ? '' : ` ${spec.synopsis}`}`;
}

function flagLines(spec: CommandSpec): string[] {
  const width = Math.max(10, ...Object.keys(spec.flags).map((flag) => flag.length));
  const flags = Object.entries(spec.flags).map(([flag, text]) => `  --${flag.padEnd(width)} ${text}`);
  return flags.length > 0 ? ['', 'flags:', ...flags] : [];
}

/** Shown with a usage error: the usage line and the command's flags. */
export function commandUsage(spec: CommandSpec): string {
  return [usageLine(spec), ...flagLines(spec), '', `more: ${PROGRAM} ${spec.name} --help`, ''].join('\n');
}

export function commandHelp(spec: CommandSpec): string {
  const idNote = spec.name.startsWith('tickets ') && spec.positionals.includes('ID') ? [ID_NOTE] : [];
  return [
    usageLine(spec),
    '',
    spec.summary,
    ...idNote,
    ...flagLines(spec),
    '',
    GLOBAL_FLAGS,
    '',
    `exit codes: see ${PROGRAM} --help`,
    '',
  ].join('\n');
}

export function groupHelp(group: string): string {
  const specs = COMMANDS.filter((spec) => spec.name.startsWith(`${group} `));
  return [
    `usage: ${PROGRAM} [global flags] ${group} COMMAND`,
    '',
    'commands:',
    ...specs.map((spec) => `  ${spec.name}${spec.synopsis === '' ? '' : ` ${spec.synopsis}`}`),
    '',
    `${PROGRAM} ${group} COMMAND --help for a command's help`,
    '',
  ].join('\n');
}

const GLOBAL_USAGE = `usage: ${PROGRAM} [global flags] COMMAND [flags]`;

const commandLines = () => [
  'commands:',
  ...COMMANDS.map((spec) => `  ${spec.name}${spec.synopsis === '' ? '' : ` ${spec.synopsis}`}`),
  '  help [COMMAND]',
];

/** Shown with a usage error outside any command. */
export function globalUsage(): string {
  return [GLOBAL_USAGE, '', ...commandLines(), '', `more: ${PROGRAM} --help`, ''].join('\n');
}

export function globalHelp(): string {
  return [
    'Preempt CLI: API keys, tickets, maintenance windows, silences and false-positive feedback of a running',
    'Preempt platform, over its HTTP API.',
    '',
    GLOBAL_USAGE,
    '',
    ...commandLines(),
    '',
    GLOBAL_FLAGS,
    '',
    'environment:',
    `  PREEMPT_URL      the platform's HTTP API, e.g. https://preempt.example.net`,
    '  PREEMPT_API_KEY  the API key to send (Authorization: Bearer); never printed',
    '',
    EXIT_CODES_HELP,
    '',
    'examples:',
    `  KEY=$(npm run -s cli -- keys create --role customer --tenant acme --name "Acme portal")`,
    `  ${PROGRAM} tickets list --status open --severity critical`,
    `  ${PROGRAM} tickets ack 3f2a9c1e --comment "truck rolled"`,
    `  ${PROGRAM} windows create --tenant acme --site paris-1 --start 2027-03-28T01:30 --duration 2h \\`,
    `      --tz Europe/Paris --rrule 'FREQ=WEEKLY;BYDAY=SU' --comment "Sunday upgrades"`,
    `  ${PROGRAM} silences create --tenant acme --device rtr-01 --for 2h --comment "fan swap"`,
    '',
  ].join('\n');
}
