import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build';
import { createHome, removeHomes } from './helpers/run-cli';

/** Read-only checks against real accounts: `connections test` creates nothing at the provider. */
const LIVE = [
  { provider: 'stripe', credential: 'apiKey', variable: 'STRIPE_SECRET_KEY' },
  { provider: 'slack', credential: 'token', variable: 'SLACK_BOT_TOKEN' },
  { provider: 'telegram', credential: 'token', variable: 'TELEGRAM_BOT_TOKEN' },
] as const;

const available = LIVE.filter((l) => process.env[l.variable]);
if (available.length === 0) {
  console.info(`live CLI test skipped: set one of ${LIVE.map((l) => l.variable).join(', ')} to run it`);
}

const home = createHome();

beforeAll(async () => {
  if (available.length > 0) await ensureBuilt();
}, 300_000);

afterAll(() => removeHomes());

describe.skipIf(available.length === 0)('live: connections test against real accounts', () => {
  it.each(available)('$provider', async ({ provider, credential, variable }) => {
    const secret = process.env[variable] as string;
    const env = { [variable]: secret };
    const added = await home.run(
      [
        'connections',
        'add',
        provider,
        '--name',
        `live-${provider}`,
        '--cred',
        `${credential}=env:${variable}`,
      ],
      env,
    );
    expect(added.code).toBe(0);
    const tested = await home.run(['connections', 'test', `live-${provider}`], env);
    expect(tested.code).toBe(0);
    expect(tested.stdout + tested.stderr + added.stdout).not.toContain(secret);
    expect((await home.run(['connections', 'remove', `live-${provider}`])).code).toBe(0);
  });
});
