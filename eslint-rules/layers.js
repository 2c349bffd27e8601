// The engine's layer order, enforced (modelled on VS Code's code-layering rule): a folder of src/
// may import only folders of a lower tier, never its own tier's siblings nor a higher tier. Type
// imports count too (they couple the same way). A new folder must be placed here before it lints.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');

/** Lowest first. Folders of one tier stand beside each other and do not import each other. */
export const TIERS = [
  ['api'], // the contract and DTO types: imports nothing
  ['capture'], // files and live sources
  ['decode'], // bytes → layers
  ['analysis'], // tables, counters, the report
  ['identity', 'probe', 'snmp'], // who is on the other end; latency and path; device counters
  ['alerts', 'flows', 'history'], // detectors and advice; flow export/collection; the store
  ['session'], // the pipeline, session views and logs
  ['export'], // session exports and the HTML report
  ['service'], // the engine behind the contract
  ['server'], // `netlens serve`
  ['cli'], // the `netlens` command
];

const tierOf = new Map(TIERS.flatMap((folders, tier) => folders.map((f) => [f, tier])));

function srcFolder(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const first = rel.split(path.sep)[0];
  return first === rel ? null : first; // a file directly in src/ has no folder
}

export default {
  meta: {
    type: 'problem',
    docs: { description: "src/ folders import only lower layers (eslint-rules/layers.js's TIERS)" },
    schema: [],
    messages: {
      upward:
        'src/{{from}}/ may not import src/{{to}}/: {{to}} is {{relation}} {{from}} in the layer order (eslint-rules/layers.js). Move the shared part down, or pass it in.',
      unknown: 'src/{{folder}}/ is not in the layer order: add it to TIERS in eslint-rules/layers.js.',
    },
  },
  create(context) {
    const file = context.filename;
    const from = srcFolder(file);
    if (from === null) return {};
    const fromTier = tierOf.get(from);
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = srcFolder(path.resolve(path.dirname(file), source));
      if (to === null || to === from) return;
      const toTier = tierOf.get(to);
      if (fromTier === undefined) return context.report({ node, messageId: 'unknown', data: { folder: from } });
      if (toTier === undefined) return context.report({ node, messageId: 'unknown', data: { folder: to } });
      if (toTier >= fromTier)
        context.report({
          node,
          messageId: 'upward',
          data: { from, to, relation: toTier === fromTier ? 'a sibling of' : 'above' },
        });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
