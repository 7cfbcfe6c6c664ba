import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { ESLint } from 'eslint';

const SRC = join(__dirname, '../src');
const ROOT = join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** libs/detection is pure: reusable by the detector, benchmarks and replay tools, with no Nest and no I/O. */
describe('libs/detection purity', () => {
  it('imports only relative modules and mathjs', () => {
    const offending: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)) {
        const specifier = match[1];
        if (!specifier.startsWith('.') && specifier !== 'mathjs')
          offending.push(`${relative(SRC, file)}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('is enforced by the lint rule: a Nest or I/O import there is an error', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const file = join(SRC, 'pipeline/series-detector.ts');
    const code = `${readFileSync(file, 'utf8')}\nimport { Injectable } from '@nestjs/common';\nimport { readFileSync } from 'node:fs';\nexport const _probe = [Injectable, readFileSync];\n`;
    const [result] = await eslint.lintText(code, { filePath: file });
    const restricted = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
    expect(restricted.map((m) => m.message)).toEqual([
      expect.stringContaining('pure: no Nest, no I/O'),
      expect.stringContaining('pure: no Nest, no I/O'),
    ]);
  }, 60_000);
});
