// Prints vitest's JSON results for CI: skipped tests on one line, then, last, exactly "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.vitest-results.json';
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`summarize-vitest: ${file} not found: the test run did not complete.`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const passed = results.numPassedTests ?? 0;
// A file that fails to load has no failed test but a failed suite: count it once.
const failed = (results.numFailedTests ?? 0) || (results.numFailedTestSuites ?? 0);
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
if (skipped) console.log(`${skipped} skipped (each printed its reason above)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
