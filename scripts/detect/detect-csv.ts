/**
 * Streams a CSV (a `timestamp` column plus numeric columns) through the default pipeline and writes the rows
 * back with `anomaly_score` and `component` appended. Usage: npm run detect -- FILE.csv [--column NAME]
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { CsvScorer, parseDetectArgs, usage } from './csv-scorer';

async function main(): Promise<void> {
  const args = parseDetectArgs(process.argv.slice(2));
  if (!existsSync(args.file)) throw new Error(`no such file: ${args.file}`);
  const scorer = new CsvScorer(args.column);
  const lines = createInterface({ input: createReadStream(args.file), crlfDelay: Infinity });
  let lineNo = 0;
  let out: string[] = [];
  for await (const line of lines) {
    lineNo++;
    if (lineNo === 1) out.push(scorer.header(line));
    else if (line.trim() !== '') out.push(scorer.row(line, lineNo));
    if (out.length >= 1000) {
      process.stdout.write(out.join('\n') + '\n');
      out = [];
    }
  }
  if (lineNo === 0) throw new Error(`empty file: ${args.file}`);
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`detect: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exitCode = 1;
});
