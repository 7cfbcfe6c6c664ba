import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { type INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Where `npm run build` puts the console (apps/console): dist/console, beside dist/apps. */
export const CONSOLE_DIR = join(__dirname, '../../../../console');

/**
 * Serves the built console (apps/console) at `/`: index.html and its content-hashed assets, which may be
 * cached for good. Registered before the application initializes, so it comes before the API's routes and
 * their not-found handler; a path that is no file falls through to the API. Without a build (a checkout
 * that ran `nest build` alone) the platform still runs, and says why `/` is missing.
 */
export function serveConsole(app: INestApplication, dir = CONSOLE_DIR): boolean {
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('Console').warn(`No console build in ${dir}: run "npm run build" to serve it at /`);
    return false;
  }
  (app as NestExpressApplication).useStaticAssets(dir, {
    index: 'index.html',
    redirect: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'Cache-Control',
        path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return true;
}
