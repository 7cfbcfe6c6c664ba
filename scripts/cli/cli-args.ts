import { parseArgs, type ParseArgsConfig } from 'node:util';

import { parseRfc3339 } from '@preempt/contracts';

import { ROLES, SEVERITIES, SILENCE_STATES, TICKET_STATUSES } from './api-types';
import {
  type Command,
  commandHelp,
  COMMANDS,
  type CommandSpec,
  commandUsage,
  DEFAULT_URL,
  globalHelp,
  globalUsage,
  groupHelp,
  GROUPS,
} from './cli-commands';
import { UsageError } from './cli-errors';
import { silenceFields, type Values, windowCommand } from './noc-args';
import { OUTPUT_FORMATS, type OutputFormat } from './output';

export interface GlobalOptions {
  /** the base URL, validated */
  url: string;
  keyFile?: string;
  output: OutputFormat;
}

export type Invocation =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'command'; global: GlobalOptions; command: Command };

type Options = NonNullable<ParseArgsConfig['options']>;

const GLOBAL_OPTIONS: Options = {
  url: { type: 'string' },
  'key-file': { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
};

/** Every flag that takes a value, in any command: the words after them are not command words. */
const VALUE_FLAGS = new Set([
  '--url',
  '--key-file',
  '--output',
  '-o',
  ...COMMANDS.flatMap((spec) =>
    Object.keys(spec.flags)
      .filter((flag) => !spec.switches?.includes(flag))
      .map((flag) => `--${flag}`),
  ),
]);

/**
 * Reads the command line (flags anywhere, `--flag value` or `--flag=value`). Throws UsageError naming the
 * problem, with the usage to show.
 *
 * `now` turns `silences create --for 2h` into an end time.
 *
 * @example parseCli(['tickets', 'list', '--status', 'open'], {}).command // { name: 'tickets list', status: 'open' }
 */
export function parseCli(
  argv: string[],
  env: Record<string, string | undefined>,
  now: number = Date.now(),
): Invocation {
  const { words, flags } = scan(argv);
  const help = flags.includes('--help') || flags.includes('-h');
  if (flags.includes('--version') && !help) return { kind: 'version' };
  if (words[0] === 'help') return { kind: 'help', text: helpFor(words.slice(1), true) };
  if (help) return { kind: 'help', text: helpFor(words, false) };
  if (words.length === 0) throw new UsageError('missing command', globalUsage());

  const [group, action] = words;
  if (!(GROUPS as readonly string[]).includes(group))
    throw new UsageError(`unknown command "${group}"`, globalUsage());
  if (action === 'help') return { kind: 'help', text: groupHelp(group) };
  const spec = COMMANDS.find((candidate) => candidate.name === `${group} ${action}`);
  if (!spec)
    throw new UsageError(
      action === undefined ? `"${group}" needs a command` : `unknown command "${group} ${action}"`,
      groupHelp(group),
    );

  const { values, positionals } = parseStrict(argv, spec);
  const rest = positionals.slice(2);
  const usage = commandUsage(spec);
  if (rest.length < spec.positionals.length)
    throw new UsageError(`missing ${spec.positionals[rest.length]}`, usage);
  if (rest.length > spec.positionals.length)
    throw new UsageError(`unexpected argument "${rest[spec.positionals.length]}"`, usage);
  return {
    kind: 'command',
    global: toGlobalOptions(values, env, usage),
    command: toCommand(spec, values, rest, usage, now),
  };
}

/** Command words (positionals) and flags, before the command, hence its flags, is known. */
function scan(argv: string[]): { words: string[]; flags: string[] } {
  const words: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      flags.push(arg);
      if (VALUE_FLAGS.has(arg)) i++;
    } else {
      words.push(arg);
    }
  }
  return { words, flags };
}

function helpFor(words: string[], strict: boolean): string {
  const [group, action] = words;
  if (group === undefined) return globalHelp();
  if (!(GROUPS as readonly string[]).includes(group)) {
    if (strict) throw new UsageError(`no help for "${words.join(' ')}": unknown command`, globalUsage());
    return globalHelp();
  }
  const spec = COMMANDS.find((candidate) => candidate.name === `${group} ${action}`);
  if (spec) return commandHelp(spec);
  if (strict && action !== undefined)
    throw new UsageError(`no help for "${words.join(' ')}": unknown command`, groupHelp(group));
  return groupHelp(group);
}

function parseStrict(argv: string[], spec: CommandSpec): { values: Values; positionals: string[] } {
  const options: Options = { ...GLOBAL_OPTIONS };
  for (const flag of Object.keys(spec.flags))
    options[flag] = spec.switches?.includes(flag)
      ? { type: 'boolean' }
      : { type: 'string', multiple: spec.repeatable?.includes(flag) ?? false };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError(flagProblem(error, spec), commandUsage(spec));
  }
}

/** parseArgs' errors, shorter and naming the command. */
function flagProblem(error: unknown, spec: CommandSpec): string {
  // by shape: under jest, node:util's errors come from another realm than this file's Error
  const { message = String(error), code } = error as { message?: string; code?: string };
  // parseArgs quotes the option: '--limit <value>', '-h, --help'
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0] ?? quoted;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    if (/^--(api-)?key(=|$)/.test(flag))
      return `unknown flag ${flag}: a key on the command line lands in the shell history; set PREEMPT_API_KEY or use --key-file FILE`;
    return `unknown flag ${flag} for "${spec.name}"`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('argument missing')) return `flag ${flag} needs a value`;
    if (message.includes('ambiguous'))
      return `flag ${flag} needs a value; to give one starting with "-", write ${flag}=VALUE`;
    if (message.includes('does not take an argument')) return `flag ${flag} takes no value`;
  }
  return message.split('\n')[0];
}

function toGlobalOptions(
  values: Values,
  env: Record<string, string | undefined>,
  usage: string,
): GlobalOptions {
  const output = (values.output as string | undefined) ?? 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(output))
    throw new UsageError(`--output must be ${OUTPUT_FORMATS.join(' or ')}, got "${output}"`, usage);
  const fromFlag = values.url as string | undefined;
  const url = fromFlag ?? (env.PREEMPT_URL || DEFAULT_URL);
  return {
    url: checkUrl(url, fromFlag === undefined ? 'PREEMPT_URL' : '--url', usage),
    keyFile: values['key-file'] as string | undefined,
    output: output as OutputFormat,
  };
}

function checkUrl(text: string, source: string, usage: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source} must be an http(s) URL such as ${DEFAULT_URL}, got "${text}"`, usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${source} must be an http(s) URL, got "${url.protocol}"`, usage);
  if (url.username !== '' || url.password !== '')
    throw new UsageError(`${source} must not hold credentials: set PREEMPT_API_KEY instead`, usage);
  if (url.search !== '' || url.hash !== '')
    throw new UsageError(`${source} must not have a query or fragment`, usage);
  return url.href;
}

function toCommand(spec: CommandSpec, values: Values, rest: string[], usage: string, now: number): Command {
  const text = (flag: string): string | undefined => {
    const value = values[flag] as string | undefined;
    if (value !== undefined && value.trim() === '')
      throw new UsageError(`--${flag} must not be empty`, usage);
    return value;
  };
  const required = (flag: string): string => {
    const value = text(flag);
    if (value === undefined) throw new UsageError(`missing --${flag}`, usage);
    return value;
  };
  const oneOf = <T extends string>(
    flag: string,
    allowed: readonly T[],
    value = text(flag),
  ): T | undefined => {
    if (value !== undefined && !(allowed as readonly string[]).includes(value))
      throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}"`, usage);
    return value as T | undefined;
  };

  const name = spec.name;
  switch (name) {
    case 'keys create': {
      const role = oneOf('role', ROLES, required('role'))!;
      const tenant = text('tenant');
      if (role === 'customer' && tenant === undefined)
        throw new UsageError('missing --tenant: a customer key belongs to one tenant', usage);
      if (role !== 'customer' && tenant !== undefined)
        throw new UsageError(`--tenant is for customer keys: an ${role} key sees every tenant`, usage);
      return { name, role, tenant, keyName: required('name') };
    }
    case 'keys list':
      return { name };
    case 'keys revoke':
    case 'tickets show':
      return { name, id: rest[0] };
    case 'tickets ack':
      return { name, id: rest[0], comment: text('comment') };
    case 'tickets resolve': {
      const falsePositive = values['false-positive'] === true;
      const comment = text('comment');
      if (falsePositive && comment === undefined)
        throw new UsageError(
          'missing --comment: a false-positive resolution needs one (it is kept with the feedback)',
          usage,
        );
      return { name, id: rest[0], comment, falsePositive };
    }
    case 'windows create':
    case 'windows update':
      return windowCommand(name, values, rest, usage, text);
    case 'windows list':
      return { name, tenant: text('tenant'), active: values.active === true };
    case 'windows show':
    case 'windows delete':
    case 'silences expire':
    case 'feedback undo':
      return { name, id: rest[0] };
    case 'silences create':
      return { name, silence: silenceFields(values, usage, now, text, required) };
    case 'silences list':
      return { name, state: oneOf('state', SILENCE_STATES), tenant: text('tenant') };
    case 'feedback list':
      return { name, tenant: text('tenant'), device: text('device') };
    case 'devices retire':
      return { name, tenant: rest[0], device: rest[1], comment: required('comment') };
    case 'devices unretire':
      return { name, tenant: rest[0], device: rest[1] };
    case 'devices retired':
      return { name, tenant: text('tenant') };
    case 'reports operations': {
      const instant = (flag: 'from' | 'to') => {
        const value = text(flag);
        if (value !== undefined && parseRfc3339(value) === null)
          throw new UsageError(
            `--${flag} must be an RFC 3339 time with a zone, such as 2026-11-23T00:00:00Z, got "${value}"`,
            usage,
          );
        return value;
      };
      return { name, tenant: text('tenant'), from: instant('from'), to: instant('to') };
    }
    case 'tickets list': {
      const limit = text('limit');
      if (limit !== undefined && (!/^\d{1,3}$/.test(limit) || +limit < 1 || +limit > 500))
        throw new UsageError(`--limit must be an integer from 1 to 500, got "${limit}"`, usage);
      return {
        name,
        status: oneOf('status', TICKET_STATUSES),
        severity: oneOf('severity', SEVERITIES),
        tenant: text('tenant'),
        device: text('device'),
        limit: limit === undefined ? undefined : Number(limit),
        cursor: text('cursor'),
      };
    }
  }
}
