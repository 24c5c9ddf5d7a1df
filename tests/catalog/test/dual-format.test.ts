// Core loaded through `import` (ESM build) and a provider through `require` (CJS build, which
// requires core's CJS build): two copies of core in one process must share one registry, and their
// errors must be recognised across the copies. Runs the built packages in a fresh Node process.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const here = join(import.meta.dirname, '..');
const builds = ['core/dist/index.js', 'core/dist/index.cjs', 'slack/dist/index.cjs'].map((p) =>
  join(here, '..', '..', 'packages', p),
);

const script = `
  import { createRequire } from 'node:module';
  const core = await import('@infrafabric/core');
  const require = createRequire(process.cwd() + '/package.json');
  require('@infrafabric/slack'); // registers through the CJS copy of core
  const cjsCore = require('@infrafabric/core');
  const slack = core.listProviders().find((p) => p.name === 'slack');
  const adapter = core.createAdapter('slack', { token: 'xoxb-dual-format-canary', signingSecret: 'dual-format-signing' });
  let crossCopy;
  try {
    core.createAdapter('slack', { token: '' });
  } catch (error) {
    crossCopy = { esm: core.ValidationError.isInstance(error), cjs: cjsCore.ValidationError.isInstance(error) };
  }
  console.log(JSON.stringify({
    copies: core.createAdapter !== cjsCore.createAdapter,
    slack: slack && { kind: slack.kind },
    viaCjs: cjsCore.listProviders().some((p) => p.name === 'slack'),
    adapter: { kind: adapter.kind, provider: adapter.provider },
    crossCopy,
  }));
`;

function withoutSlackCredentials(): NodeJS.ProcessEnv {
  const { SLACK_BOT_TOKEN: _token, SLACK_SIGNING_SECRET: _secret, ...env } = process.env;
  return env;
}

describe('one registry across the ESM and CJS builds', () => {
  it('a provider required as CJS is visible to core imported as ESM, and errors match across copies', () => {
    const missing = builds.filter((file) => !existsSync(file));
    if (missing.length > 0) throw new Error(`Build first (pnpm run build): missing ${missing.join(', ')}`);
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: here,
      encoding: 'utf8',
      env: withoutSlackCredentials(),
    });
    expect(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')).toEqual({
      copies: true,
      slack: { kind: 'chat' },
      viaCjs: true,
      adapter: { kind: 'chat', provider: 'slack' },
      crossCopy: { esm: true, cjs: true },
    });
  });
});
