// Jest reporter: prints which operations of an API contract a test run exercised, from the
// records ContractConformance writes (libs/testing/src/lib/contract/conformance.ts).
// Options: { directory: where the records go (relative to the root dir), title }.
// Plain CommonJS because Jest loads reporters without the project's transform.
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { join, resolve } = require('node:path');

class ContractCoverageReporter {
  constructor(globalConfig, options = {}) {
    this.directory = resolve(globalConfig.rootDir, options.directory ?? 'tmp/contract');
    this.title = options.title ?? 'Contract coverage';
  }

  onRunStart() {
    // A run starts with no records, so the table shows this run alone.
    rmSync(this.directory, { recursive: true, force: true });
  }

  onRunComplete() {
    const suitesDir = join(this.directory, 'suites');
    const operationsFile = join(this.directory, 'operations.json');
    if (!existsSync(suitesDir) || !existsSync(operationsFile)) return;
    const operations = JSON.parse(readFileSync(operationsFile, 'utf8'));
    const records = readdirSync(suitesDir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(join(suitesDir, file), 'utf8')));
    const table = coverageTable(this.title, operations, records);
    mkdirSync(this.directory, { recursive: true });
    writeFileSync(join(this.directory, 'coverage.txt'), `${table}\n`);
    process.stdout.write(`\n${table}\n\n`);
  }
}

function coverageTable(title, operations, records) {
  const seen = merge(records.map((record) => record.operations));
  const outside = merge(records.map((record) => record.outside));
  const routed = new Set(records.flatMap((record) => record.routed ?? []));
  const violations = records.reduce((sum, record) => sum + record.violations.length, 0);
  const exercised = operations.filter((op) => seen[op.operationId]).length;
  const answered = operations.filter((op) => seen[op.operationId] || routed.has(op.operationId));
  const width = Math.max(...operations.map((op) => op.operationId.length));
  const lines = [
    `${title}: ${exercised} of ${operations.length} operations exercised by ${records.length} ` +
      `suites, ${answered.length} routed; ${violations} responses did not match the contract`,
    'yes: exercised (statuses seen) · routed: the app has a route, no test called it · -: no route',
    '',
    ...operations.map((op) => {
      const statuses = seen[op.operationId];
      const mark = statuses ? '  yes ' : routed.has(op.operationId) ? 'routed' : '   -  ';
      const list = statuses ? sorted(statuses).join(',') : '';
      return `  ${mark}  ${op.operationId.padEnd(width)}  ${op.method.padEnd(6)} ${op.template}  ${list}`;
    }),
  ];
  const extra = Object.keys(outside).sort();
  if (extra.length > 0) {
    lines.push('', 'Answered outside the contract:');
    for (const request of extra) lines.push(`  ${request}  ${sorted(outside[request]).join(',')}`);
  }
  return lines.join('\n');
}

function merge(maps) {
  const merged = {};
  for (const map of maps) {
    for (const [key, statuses] of Object.entries(map)) {
      merged[key] = [...new Set([...(merged[key] ?? []), ...statuses])];
    }
  }
  return merged;
}

const sorted = (statuses) => [...statuses].sort((a, b) => a - b);

module.exports = ContractCoverageReporter;
