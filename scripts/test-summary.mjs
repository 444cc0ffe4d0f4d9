// Prints the one closing line any CI reads ("N passed, N failed, N skipped") from vitest's JSON
// report, and fails when the run failed, ran nothing, or left no report.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'node_modules/.cache/vitest-results.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`no vitest report at ${file}: ${e.message}`);
  process.exit(1);
}
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
const failedSuites = report.numFailedTestSuites ?? 0;
process.exit(report.success && report.numFailedTests === 0 && failedSuites === 0 && report.numPassedTests > 0 ? 0 : 1);
