import type { LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's logger takes the list of enabled levels: LOG_LEVEL=warn enables fatal, error and warn. */
export function logLevels(level: LogLevel = 'log'): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}
