// Local ESLint plugin `preempt`: rule `app-boundaries`.
//
// An app is reachable from outside only through its public face, apps/<app>/src/index.ts
// (its module, config loader and tokens). Relative specifiers are resolved against the
// importing file; a target inside apps/<X>/ imported from outside apps/<X>/ must be
// apps/<X>/src or apps/<X>/src/index(.ts|.js). Files in libs/ may not import apps/ at all.
// Non-relative specifiers (packages, @preempt/* aliases) are not this rule's concern.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: this file lives in <root>/scripts/lint/. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Root-relative, '/'-separated path; null when outside the repository. */
function repoPath(root, absolute) {
  const rel = path.relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

/** 'apps/<X>/...' -> '<X>'; null when not inside an app folder. */
function appOf(rel) {
  const match = /^apps\/([^/]+)(?:\/|$)/.exec(rel ?? '');
  return match ? match[1] : null;
}

function isPublicFace(rel, app) {
  const face = `apps/${app}/src`;
  return [face, `${face}/index`, `${face}/index.ts`, `${face}/index.js`].includes(rel);
}

/** The string value of a literal (or expression-free template) specifier, else null. */
function specifierOf(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const appBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description: "Forbid importing another app's internals: use its public face apps/<app>/src (index.ts).",
    },
    schema: [],
    messages: {
      internals:
        "Import of another app's internals: '{{target}}'. Import its public face 'apps/{{app}}/src' (index.ts) instead.",
      libToApp:
        "libs must not depend on apps: '{{target}}' is inside apps/. Move the shared code into a lib instead.",
    },
  },
  create(context) {
    const filename = context.filename;
    if (!filename || !path.isAbsolute(filename)) return {};
    const root = ROOT;
    const importer = repoPath(root, filename);
    const importerApp = appOf(importer);
    const importerIsLib = importer !== null && importer.startsWith('libs/');

    function check(sourceNode) {
      const specifier = specifierOf(sourceNode);
      if (specifier === null || !specifier.startsWith('.')) return;
      const target = repoPath(root, path.resolve(path.dirname(filename), specifier));
      if (target === null || !(target === 'apps' || target.startsWith('apps/'))) return;
      if (importerIsLib) {
        context.report({ node: sourceNode, messageId: 'libToApp', data: { target } });
        return;
      }
      const app = appOf(target);
      if (app === null || app === importerApp || isPublicFace(target, app)) return;
      context.report({ node: sourceNode, messageId: 'internals', data: { target, app } });
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference.type === 'TSExternalModuleReference') check(node.moduleReference.expression);
      },
      TSImportType: (node) => {
        const source = node.source ?? node.argument?.literal;
        check(source);
      },
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length > 0)
          check(node.arguments[0]);
      },
    };
  },
};

/** The local plugin, registered as `preempt` in eslint.config.mjs. */
const plugin = {
  meta: { name: 'eslint-plugin-preempt', version: '0.1.0' },
  rules: { 'app-boundaries': appBoundaries },
};

export default plugin;
