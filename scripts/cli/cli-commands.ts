// What the CLI can do: each command's flags, positionals and help, in one table (read by the parser and
// by --help), and the parsed result, one type per command.
import { type Role, ROLES, SEVERITIES, type Severity, TICKET_STATUSES, type TicketStatus } from './api-types';
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
  | { name: 'tickets ack' | 'tickets resolve'; id: string; comment?: string };

export type CommandName = Command['name'];

export interface CommandSpec {
  name: CommandName;
  /** after the command name in the usage line */
  synopsis: string;
  summary: string;
  /** the command's own flags: all take a value */
  flags: Record<string, string>;
  positionals: readonly string[];
}

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
    synopsis: 'ID [--comment TEXT]',
    summary: 'Resolve a ticket (POST /api/v1/tickets/ID/resolve; admin and noc keys).',
    flags: { comment: 'a note for the audit trail (at most 2000 characters)' },
    positionals: ['ID'],
  },
];

export const GROUPS = ['keys', 'tickets'] as const;

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
  const flags = Object.entries(spec.flags).map(([flag, text]) => `  --${flag.padEnd(10)} ${text}`);
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
    'Preempt CLI: API keys and tickets of a running Preempt platform, over its HTTP API.',
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
    '',
  ].join('\n');
}
