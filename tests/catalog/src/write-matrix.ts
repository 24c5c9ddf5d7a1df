// Writes docs/CAPABILITIES.md from the providers' catalogs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCapabilityMatrix } from './matrix';

const target = join(import.meta.dirname, '..', '..', '..', 'docs', 'CAPABILITIES.md');
writeFileSync(target, renderCapabilityMatrix());
console.log(`wrote ${target}`);
