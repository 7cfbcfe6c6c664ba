import { type DynamicModule, type INestApplication, Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { documentApi } from '../http/openapi';
import { logLevels } from '../log-levels';

/** Creates a Nest application from a composition root's module (not listening yet). */
export function createApp(root: DynamicModule, logLevel: LogLevel = 'log'): Promise<INestApplication> {
  return NestFactory.create(root, { logger: logLevels(logLevel), bodyParser: true });
}

export interface ServeOptions {
  host: string;
  port: number;
  /**
   * What the composition root opened itself (database, embedded broker), closed in this order once the
   * application has closed: every app has stopped using them by then.
   */
  closeAfter?: Array<() => Promise<void>>;
}

/**
 * Runs an application: init hooks (stores, migrations, checkpoint restore), then the channels start
 * delivering, then HTTP listens (the API described at /api/docs). SIGTERM/SIGINT close it (deliveries stop, messages in flight finish,
 * stores flush) and then what the root opened; a second signal exits at once.
 */
export async function serve(app: INestApplication, options: ServeOptions): Promise<void> {
  const logger = new Logger('Bootstrap');
  // before init: routes added once the application is initialized come after its not-found handler
  documentApi(app);
  await app.init();
  await app.listen(options.port, options.host);
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn(`${signal} again: exiting without a clean shutdown`);
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal}: shutting down`);
    void (async () => {
      let code = 0;
      try {
        await app.close();
        for (const close of options.closeAfter ?? []) await close();
      } catch (error) {
        logger.error(`Shutdown failed: ${String(error)}`);
        code = 1;
      }
      process.exit(code);
    })();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
