// `pnpm bench`: runs every benchmark, prints a table, writes bench-results/results.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runColdStartBenchmarks } from './cold-start.bench';
import { type BenchResult, runDispatchBenchmarks } from './dispatch.bench';
import { runQueueBenchmarks } from './queue.bench';

// Cold start first, while nothing else this run started is still settling (servers, GC).
const results: BenchResult[] = [
  ...(await runColdStartBenchmarks()),
  ...(await runDispatchBenchmarks()),
  ...(await runQueueBenchmarks()),
];
const out = join(import.meta.dirname, '..', 'bench-results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
for (const r of results) {
  const verdict = r.pass === undefined ? '' : r.pass ? ' ✓' : ' ✗';
  console.log(
    `${r.name}: ${r.value.toLocaleString('en')} ${r.unit}${r.target ? ` (target ${r.target})${verdict}` : ''}${r.detail ? `\n    ${r.detail}` : ''}`,
  );
}
console.log(`\nwritten to ${join(out, 'results.json')}`);
