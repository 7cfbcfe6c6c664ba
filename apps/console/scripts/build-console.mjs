// npm run build:console — bundles the console (apps/console/src) into dist/console with esbuild:
// one minified, content-hashed JS and CSS file, and index.html pointing at them. Prints the sizes.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, '../../dist/console');

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'src/main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: join(outdir, 'assets'),
  entryNames: 'app-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs);
const js = outputs.find((file) => file.endsWith('.js'));
const css = outputs.find((file) => file.endsWith('.css'));
if (!js || !css) throw new Error(`expected one JS and one CSS output, got ${outputs.join(', ')}`);
const html = readFileSync(join(root, 'index.html'), 'utf8')
  .replace('%APP_JS%', `/assets/${basename(js)}`)
  .replace('%APP_CSS%', `/assets/${basename(css)}`);
writeFileSync(join(outdir, 'index.html'), html);

const size = (file) => {
  const bytes = readFileSync(file);
  return `${(bytes.length / 1024).toFixed(1)} KiB (${(gzipSync(bytes).length / 1024).toFixed(1)} KiB gzip)`;
};
console.log(`console: ${basename(js)} ${size(js)}, ${basename(css)} ${size(css)} -> ${outdir}`);
