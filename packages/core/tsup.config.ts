import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageBuild } from '../../tsup.shared';

const require = createRequire(import.meta.url);

// zod is bundled into core's build: one module instead of zod's ~80 makes importing core about
// 25–40 ms faster (see docs/PERFORMANCE.md, cold start). Core re-exports it as `z`, and every
// InfraFabric package takes `z` from core, so there is still one zod per app. The `zod` dependency
// stays, pinned to the bundled version, for the type declarations. Its MIT licence ships beside it.
export default packageBuild({
  noExternal: ['zod'],
  onSuccess: async () => {
    copyFileSync(join(dirname(require.resolve('zod/package.json')), 'LICENSE'), join('dist', 'zod.LICENSE'));
  },
});
