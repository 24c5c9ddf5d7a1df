import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build';
import { type CliResult, createHome, json, removeHomes } from './helpers/run-cli';
import { leakedSecrets, SECRETS, type Simulators, startSimulators } from './helpers/simulators';

let sims: Simulators;
const outputs: CliResult[] = [];
const home = createHome();
const run = async (args: string[], env?: NodeJS.ProcessEnv) => {
  const result = await home.run(args, env);
  outputs.push(result);
  return result;
};

beforeAll(async () => {
  await ensureBuilt();
  sims = await startSimulators();
}, 300_000);

afterAll(async () => {
  await sims?.close();
  removeHomes();
});

describe('connections', () => {
  it('adds a connection with a literal secret: file mode 0600 in a 0700 dir, secret masked on output', async () => {
    const added = await run([
      'connections',
      'add',
      'stripe',
      '--name',
      'shop',
      '--cred',
      `apiKey=${SECRETS.stripe}`,
      '--base-url',
      sims.urls.stripe,
    ]);
    expect(added.code).toBe(0);
    const path = join(home.env.XDG_CONFIG_HOME as string, 'infrafabric', 'connections.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(home.env.XDG_CONFIG_HOME as string, 'infrafabric')).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    expect(stored.connections.shop).toMatchObject({
      provider: 'stripe',
      kind: 'payment',
      baseUrl: sims.urls.stripe,
    });

    const listed = await run(['connections', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('apiKey=********');
    const asJson = json<Array<{ name: string; credentials: Record<string, string> }>>(
      await run(['--json', 'connections', 'list']),
    );
    expect(asJson).toEqual([expect.objectContaining({ name: 'shop', credentials: { apiKey: '********' } })]);
  });

  it('stores env:VAR as the reference, never the value, and resolves it at run time', async () => {
    const added = await run(
      [
        'chat',
        'add',
        'telegram',
        '--name',
        'tg',
        '--cred',
        'token=env:CLI_TEST_TG_TOKEN',
        '--base-url',
        sims.urls.telegram,
      ],
      {
        CLI_TEST_TG_TOKEN: SECRETS.telegram,
      },
    );
    expect(added.code).toBe(0);
    const file = readFileSync(
      join(home.env.XDG_CONFIG_HOME as string, 'infrafabric', 'connections.json'),
      'utf8',
    );
    expect(file).toContain('"token": "env:CLI_TEST_TG_TOKEN"');
    expect(file).not.toContain(SECRETS.telegram);

    const unset = await run(['connections', 'test', 'tg']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('CLI_TEST_TG_TOKEN');

    const tested = await run(['--json', 'chat', 'test', 'tg'], { CLI_TEST_TG_TOKEN: SECRETS.telegram });
    expect(tested.code).toBe(0);
    expect(json(tested)).toMatchObject({
      ok: true,
      provider: 'telegram',
      identity: { id: expect.any(String) },
    });
  });

  it('test runs check() and prints the account identity', async () => {
    const result = await run(['connections', 'test', 'shop']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('shop (stripe) works');
  });

  it('rejected credentials fail with exit 1, the core message and what to do', async () => {
    await run([
      'payment',
      'add',
      'stripe',
      '--name',
      'badshop',
      '--cred',
      'apiKey=sk_test_wrongKey0000000000000000',
      '--base-url',
      sims.urls.stripe,
    ]);
    const result = await run(['connections', 'test', 'badshop']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [authentication');
    expect(result.stderr).toContain('re-add the connection');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a kind group refuses a provider of another kind, and a duplicate name', async () => {
    const wrongKind = await run(['chat', 'add', 'stripe', '--cred', `apiKey=${SECRETS.stripe}`]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('stripe is a payment provider, not chat');
    const duplicate = await run([
      'connections',
      'add',
      'stripe',
      '--name',
      'shop',
      '--cred',
      `apiKey=${SECRETS.stripe}`,
    ]);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('already exists');
  });

  it('an uninstalled provider package explains how to install it', async () => {
    const result = await run(['connections', 'add', 'fax-o-matic']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('npm install -g @infrafabric/fax-o-matic');
  });

  it('providers lists the catalog with secret variables marked', async () => {
    const all = json<Array<{ name: string; kind: string; env: Array<{ name: string; secret: boolean }> }>>(
      await run(['--json', 'providers']),
    );
    expect(all.map((p) => p.name)).toEqual(
      expect.arrayContaining(['stripe', 'slack', 'telegram', 'twilio', 'aws', 'obs']),
    );
    const chat = json<Array<{ kind: string }>>(await run(['--json', 'providers', '--kind', 'chat']));
    expect(chat.length).toBeGreaterThan(0);
    expect(chat.every((p) => p.kind === 'chat')).toBe(true);
    const table = await run(['providers', '--kind', 'payment']);
    expect(table.stdout).toMatch(/STRIPE_SECRET_KEY \(secret\)/);
  });

  it('remove deletes it', async () => {
    expect((await run(['connections', 'remove', 'badshop'])).code).toBe(0);
    expect((await run(['connections', 'remove', 'badshop'])).code).toBe(2);
    const names = json<Array<{ name: string }>>(await run(['--json', 'connections', 'list'])).map(
      (c) => c.name,
    );
    expect(names).toEqual(['shop', 'tg']);
  });

  it('never printed a canary secret', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const result of outputs) expect(leakedSecrets(result.stdout + result.stderr)).toEqual([]);
  });
});
