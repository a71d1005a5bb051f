// The layer rules of src/ (docs/architecture.md, "Layers"): `npm run check:deps`, run by .ci/run.
// Floors from the ground up; a module imports from its own room and from lower floors only, and nothing imports in
// a cycle.
const FLOORS = [
  ['types', 'errors.ts', 'safe-text.ts', 'fsync-dir.ts', 'did-you-mean.ts', 'advice.ts'],
  ['engine', 'outputs', 'stats', 'scorers', 'suite', 'import', 'emulator'],
  ['pricing', 'aws'],
  ['run', 'realtime'],
  ['score'],
  ['judge'],
  ['results'],
  ['gate'],
  ['summary'],
  ['report'],
  ['history'],
  ['config'],
  ['pipeline'],
  ['cli', 'index.ts'],
];

const rooms = (names) => `^src/(${names.map((n) => n.replace(/\./g, '\\.')).join('|')})($|/)`;

// Names a typed table defines are typed where the table lives: the config types name scorers by the scorer table's
// keys and take the emulator's options. Only `import type` may reach up for them.
const TYPE_ONLY_FROM_GROUND = '^src/(scorers/catalogue|emulator/index)\\.ts$';

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'An import cycle: split the shared part into a file of its own.', severity: 'error', from: {}, to: { circular: true } },
    ...FLOORS.slice(0, -1).map((names, i) => ({
      name: `no-upward-import-from-${names[0].replace('.ts', '')}`,
      comment: `${names.join(', ')} may not import from a higher floor: ${FLOORS.slice(i + 1).flat().join(', ')}.`,
      severity: 'error',
      from: { path: rooms(names) },
      to: { path: rooms(FLOORS.slice(i + 1).flat()), ...(i === 0 ? { pathNot: TYPE_ONLY_FROM_GROUND } : {}) },
    })),
    {
      name: 'ground-floor-type-only', comment: 'src/types may name the scorer table and emulator options with `import type` only.', severity: 'error',
      from: { path: '^src/types/' }, to: { path: TYPE_ONLY_FROM_GROUND, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'emulator-stands-alone', comment: 'The emulator imports nothing of the harness but its seeded random and safe text.', severity: 'error',
      from: { path: '^src/emulator/' }, to: { path: '^src/', pathNot: '^src/(emulator/|stats/random\\.ts$|safe-text\\.ts$)' },
    },
    {
      name: 'aws-sdk-only-in-aws', comment: 'Only src/aws imports @aws-sdk/*: everything else receives ports.', severity: 'error',
      from: { path: '^src/', pathNot: '^src/aws/' }, to: { path: '@aws-sdk/' },
    },
    { name: 'no-unresolvable', comment: 'An import that resolves to nothing.', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // Package subpaths (csv-stringify/sync, tsx/esm/api) resolve through their package.json exports, as Node does.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
