// Adds up Jest's JSON reports into one closing line. Skipped or todo tests count as failures:
// the project keeps no skipped tests, so one appearing is a defect to see.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    missing += 1;
    process.stdout.write(`missing report: ${file}\n`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  skipped += report.numPendingTests + report.numTodoTests;
}
process.stdout.write(`\ntests: ${passed} passed, ${failed + skipped} failed, ${skipped} skipped\n`);
process.exit(failed + skipped + missing > 0 || passed === 0 ? 1 : 0);
