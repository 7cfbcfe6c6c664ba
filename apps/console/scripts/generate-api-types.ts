/**
 * npm run console:api-types — writes apps/console/src/api/api-types.generated.ts: the HTTP DTOs of the
 * API the console calls, copied by the TypeScript compiler from the server's own declarations (and every
 * project type they use, transitively), so the console's client is typed by the same source as the server.
 * The OpenAPI document names the routes but not their answers' shapes (the DTOs are interfaces), so the
 * DTOs are the source. `--check` fails when the committed file is stale (the unit spec runs it too).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import prettier from 'prettier';
import ts from 'typescript';

const ROOT = join(__dirname, '../../..');
export const OUTPUT = join(ROOT, 'apps/console/src/api/api-types.generated.ts');

/** The entry DTOs, by the file that declares them. */
const ENTRIES: Record<string, string[]> = {
  'apps/tickets/src/tickets/tickets.dto.ts': [
    'TicketResponseDto',
    'TicketDetailResponseDto',
    'TicketListResponseDto',
    'TicketActionDto',
    'AssignTicketDto',
    'ListTicketsQuery',
  ],
  'apps/tickets/src/ticket-events/ticket-events.dto.ts': ['TicketEventDto'],
  'apps/tickets/src/ticket-events/ticket-event.feed.ts': ['TicketEventsReset'],
  'apps/ingest/src/query/telemetry-query.dto.ts': ['TelemetryQueryResponseDto', 'TelemetryQueryParams'],
  'apps/tickets/src/maintenance/maintenance-windows.dto.ts': [
    'MaintenanceWindowBody',
    'MaintenanceWindowDto',
  ],
  'apps/tickets/src/maintenance/maintenance-windows.controller.ts': ['SuppressedEvidenceDto'],
  'apps/tickets/src/silences/silences.controller.ts': ['SilenceDto'],
  'apps/tickets/src/retirement/retired-devices.controller.ts': ['RetiredDeviceDto'],
  'apps/tickets/src/reports/operations-report.ts': ['OperationsReport'],
  'apps/platform/src/console/session.dto.ts': ['SessionResponseDto'],
  'apps/notifier/src/notices/notices.dto.ts': ['NoticeDto'],
  'apps/notifier/src/subscriptions/subscriptions.dto.ts': ['SubscriptionDto'],
  'libs/common/src/http/problem-details.filter.ts': ['ProblemDetails'],
};

type Declaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

const isDeclaration = (node: ts.Node): node is Declaration =>
  ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node);

/** The generated file's text, formatted as the repository's Prettier settings say. */
export async function generateApiTypes(): Promise<string> {
  const options = await prettier.resolveConfig(OUTPUT);
  return prettier.format(rawApiTypes(), { ...options, filepath: OUTPUT });
}

function rawApiTypes(): string {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const files = Object.keys(ENTRIES).map((file) => join(ROOT, file));
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();

  /** Two type aliases of one name that the compiler finds mutually assignable (same union, any order). */
  const sameType = (a: Declaration, b: Declaration): boolean => {
    if (!ts.isTypeAliasDeclaration(a) || !ts.isTypeAliasDeclaration(b)) return false;
    const [x, y] = [checker.getTypeAtLocation(a.name), checker.getTypeAtLocation(b.name)];
    return checker.isTypeAssignableTo(x, y) && checker.isTypeAssignableTo(y, x);
  };
  const found = new Map<string, Declaration>();
  const queue: Declaration[] = [];
  const add = (declaration: Declaration) => {
    const name = declaration.name.text;
    const seen = found.get(name);
    if (seen === declaration) return;
    if (seen && sameType(seen, declaration)) return; // one type declared twice (e.g. Severity): keep the first
    if (seen) throw new Error(`two project types are named ${name}: rename one, or generate them apart`);
    found.set(name, declaration);
    queue.push(declaration);
  };
  for (const [file, names] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(join(ROOT, file));
    if (!source) throw new Error(`${file} is missing`);
    for (const name of names) {
      const declaration = source.statements.find(
        (statement): statement is Declaration => isDeclaration(statement) && statement.name.text === name,
      );
      if (!declaration) throw new Error(`${file} declares no interface or type ${name}`);
      add(declaration);
    }
  }
  // every project type the DTOs use (lib and package types are the console's too)
  while (queue.length > 0) {
    const visit = (node: ts.Node): void => {
      const name = ts.isTypeReferenceNode(node)
        ? node.typeName
        : ts.isExpressionWithTypeArguments(node)
          ? node.expression
          : undefined;
      if (name) {
        let symbol = checker.getSymbolAtLocation(name);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const declaration = symbol?.declarations?.find(isDeclaration);
        const file = declaration?.getSourceFile().fileName;
        if (
          declaration &&
          file &&
          !file.includes('/node_modules/') &&
          !program.isSourceFileDefaultLibrary(declaration.getSourceFile())
        )
          add(declaration);
      }
      ts.forEachChild(node, visit);
    };
    visit(queue.shift()!);
  }

  const blocks = [...found.values()]
    .sort((a, b) => a.name.text.localeCompare(b.name.text))
    .map((declaration) => {
      const source = declaration.getSourceFile();
      const docs = ts.getJSDocCommentsAndTags(declaration);
      const doc = docs.length > 0 ? `${docs[docs.length - 1].getText(source)}\n` : '';
      return `// ${relative(ROOT, source.fileName)}\n${doc}${declarationText(declaration, checker)}`;
    });
  const header =
    '// Generated by `npm run console:api-types` (apps/console/scripts/generate-api-types.ts) from the\n' +
    "// server's DTOs; do not edit. The unit spec fails when this file is stale.\n";
  return `${header}\n${blocks.join('\n\n')}\n`;
}

/**
 * The declaration, exported, without its doc comment. A type computed from a value (`(typeof ROLES)[number]`)
 * is written as the type the compiler computes, since the value is not the console's.
 */
function declarationText(declaration: Declaration, checker: ts.TypeChecker): string {
  const source = declaration.getSourceFile();
  const name = declaration.name.text;
  if (ts.isTypeAliasDeclaration(declaration) && /\btypeof\b/.test(declaration.type.getText(source))) {
    const type = checker.getTypeAtLocation(declaration.name);
    return `export type ${name} = ${checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)};`;
  }
  const text = source.text.slice(declaration.getStart(source), declaration.end);
  return text.startsWith('export ') ? text : `export ${text}`;
}

async function main(): Promise<void> {
  const text = await generateApiTypes();
  if (process.argv.includes('--check')) {
    if (readFileSync(OUTPUT, 'utf8') !== text) {
      console.error(`${relative(ROOT, OUTPUT)} is stale: run npm run console:api-types`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${relative(ROOT, OUTPUT)}`);
  }
}

if (require.main === module) void main();
