import { join } from 'node:path';

import { ESLint } from 'eslint';

const ROOT = join(__dirname, '../..');
const RULE = 'preempt/app-boundaries';

/**
 * Lints `code` as if it were the file at `path` (relative to the repository root). The file must exist:
 * type-aware linting (projectService) only accepts files of the TypeScript project, so an existing file of
 * the right folder is linted with replaced text.
 */
async function boundaryMessages(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

/** An app is reachable from outside only through its public face apps/<app>/src/index.ts. */
describe('lint rule preempt/app-boundaries', () => {
  it("fires when an app imports another app's internals", async () => {
    const code = [
      "import { loadDetectorEnv } from '../../detector/src/config';",
      "export { DetectorModule } from '../../detector/src/detector.module';",
      "export * from '../../tickets/src/tokens';",
      "export const _lazy = () => import('../../ingest/src/bootstrap');",
      "export const _required: unknown = require('../../ingest/src/config');",
      'export const _probe = loadDetectorEnv;',
      '',
    ].join('\n');
    expect(await boundaryMessages('apps/platform/src/main.ts', code)).toEqual([
      "Import of another app's internals: 'apps/detector/src/config'. Import its public face 'apps/detector/src' (index.ts) instead.",
      expect.stringContaining("'apps/detector/src/detector.module'"),
      expect.stringContaining("'apps/tickets/src/tokens'. Import its public face 'apps/tickets/src'"),
      expect.stringContaining("'apps/ingest/src/bootstrap'"),
      expect.stringContaining("'apps/ingest/src/config'"),
    ]);
  }, 60_000);

  it("fires when a bench imports an app's internals", async () => {
    const code = [
      "import { DetectionEngine } from '../../apps/detector/src/detection/detection.engine';",
      'export const _probe = DetectionEngine;',
      '',
    ].join('\n');
    expect(await boundaryMessages('bench/detect/bench-detect.ts', code)).toEqual([
      expect.stringContaining("internals: 'apps/detector/src/detection/detection.engine'"),
    ]);
  }, 60_000);

  it("fires when an e2e test imports an app's test helpers", async () => {
    const code = [
      "import { CorrelationDriver } from '../../apps/tickets/test/correlation.factory';",
      'export const _probe = CorrelationDriver;',
      '',
    ].join('\n');
    expect(await boundaryMessages('tests/e2e/app-process.ts', code)).toEqual([
      expect.stringContaining("internals: 'apps/tickets/test/correlation.factory'"),
    ]);
  }, 60_000);

  it('fires when a lib imports anything from apps, even a public face', async () => {
    const code = [
      "import { loadDetectorEnv } from '../../../apps/detector/src/config';",
      "import * as detector from '../../../apps/detector/src';",
      'export const _probe = [loadDetectorEnv, detector];',
      '',
    ].join('\n');
    expect(await boundaryMessages('libs/common/src/keyed-queue.ts', code)).toEqual([
      expect.stringContaining('libs must not depend on apps'),
      expect.stringContaining('libs must not depend on apps'),
    ]);
  }, 60_000);

  it("allows another app's public face", async () => {
    const code = [
      "import * as face from '../../apps/detector/src';",
      "import * as index from '../../apps/detector/src/index';",
      "import * as indexTs from '../../apps/detector/src/index.js';",
      "export * from '../../apps/tickets/src';",
      'export const _probe = [face, index, indexTs];',
      '',
    ].join('\n');
    expect(await boundaryMessages('bench/detect/bench-detect.ts', code)).toEqual([]);
    expect(
      await boundaryMessages(
        'apps/platform/src/main.ts',
        "import { DetectorModule } from '../../detector/src/index';\nexport const _probe = DetectorModule;\n",
      ),
    ).toEqual([]);
  }, 60_000);

  it("allows an app's own internals, from its src and its test folder", async () => {
    expect(
      await boundaryMessages(
        'apps/detector/src/main.ts',
        "import { loadDetectorEnv } from './config';\nexport const _probe = loadDetectorEnv;\n",
      ),
    ).toEqual([]);
    expect(
      await boundaryMessages(
        'apps/detector/test/detector.fixture.ts',
        "import { loadDetectorEnv } from '../src/config';\nexport const _probe = loadDetectorEnv;\n",
      ),
    ).toEqual([]);
  }, 60_000);

  it('ignores packages and @preempt/* aliases', async () => {
    const code = [
      "import { Module } from '@nestjs/common';",
      "import { parseTelemetry } from '@preempt/contracts';",
      'export const _probe = [Module, parseTelemetry];',
      '',
    ].join('\n');
    expect(await boundaryMessages('apps/platform/src/main.ts', code)).toEqual([]);
  }, 60_000);
});
