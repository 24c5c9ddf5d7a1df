import { packageBuild } from '../../tsup.shared';

export default [
  packageBuild(),
  // The bin: ESM only, with a shebang. Its command modules import core and provider packages
  // lazily (inside actions), so `infrafabric --help` loads neither.
  packageBuild({
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
  }),
];
