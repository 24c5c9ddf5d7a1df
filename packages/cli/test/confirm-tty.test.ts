import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, ensureBuilt } from './helpers/build';
import { addAllConnections } from './helpers/connect';
import { createHome, json, removeHomes } from './helpers/run-cli';
import { leakedSecrets, type Simulators, startSimulators } from './helpers/simulators';

/** A private tmux server (its own socket), so the test never touches anyone else's sessions. */
const SOCKET = `infrafabric-cli-test-${process.pid}`;
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function ensureTmux(): string | undefined {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'pipe' });
    return undefined;
  } catch {
    try {
      execFileSync('apt-get', ['install', '-y', 'tmux'], { stdio: 'pipe', timeout: 180_000 });
      return undefined;
    } catch (error) {
      return `tmux is missing and apt-get could not install it: ${(error as Error).message.split('\n')[0]}`;
    }
  }
}

const missing = ensureTmux();
if (missing) console.info(`skipping the pseudo-terminal test: ${missing}`);

let sims: Simulators;
const home = createHome();

beforeAll(async () => {
  if (missing) return;
  await ensureBuilt();
  sims = await startSimulators();
  await addAllConnections(home, sims);
}, 300_000);

afterAll(async () => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
  await sims?.close();
  removeHomes();
});

async function waitForPane(session: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < deadline) {
    screen = tmux('capture-pane', '-p', '-t', session);
    if (pattern.test(screen)) return screen;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`pane never showed ${pattern}:\n${screen}`);
}

async function provision(): Promise<string> {
  const made = await home.run([
    '--json',
    'cloud',
    'provision',
    'aws',
    '--size',
    't3.micro',
    '--image',
    'ami-0a1b2c3d4e5f60001',
    '--region',
    'eu-west-1',
  ]);
  expect(made.code).toBe(0);
  return json<{ result: { id: string } }>(made).result.id;
}

/** Runs `cloud destroy` in a real pseudo-terminal and answers the prompt with `key`. */
async function destroyInTerminal(id: string, key: 'y' | 'n'): Promise<string> {
  const session = `destroy-${key}`;
  const env = Object.entries(home.env)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '160',
    '-y',
    '30',
    `env ${env} ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_BIN)} cloud destroy aws --resource ${id}; echo "EXIT=$?"; sleep 60`,
  );
  await waitForPane(session, /Destroy i-\w+ on aws\?/);
  tmux('send-keys', '-t', session, key);
  const screen = await waitForPane(session, /EXIT=\d/);
  tmux('kill-session', '-t', session);
  return screen;
}

describe.skipIf(missing !== undefined)('interactive confirmation (tmux pseudo-terminal)', () => {
  it('answering "n" cancels: exit 1, the server keeps running', async () => {
    const id = await provision();
    const screen = await destroyInTerminal(id, 'n');
    expect(screen).toContain('Cancelled; nothing was destroyed.');
    expect(screen).toContain('EXIT=1');
    const listed = json<{ servers: Array<{ server: { id: string } }> }>(
      await home.run(['--json', 'cloud', 'list']),
    );
    expect(listed.servers.map((s) => s.server.id)).toContain(id);
  });

  it('answering "y" destroys it: exit 0', async () => {
    const id = await provision();
    const screen = await destroyInTerminal(id, 'y');
    expect(screen).toContain(`Destroyed ${id} on aws`);
    expect(screen).toContain('EXIT=0');
    expect(leakedSecrets(screen)).toEqual([]);
    const listed = json<{ servers: Array<{ server: { id: string; status: string } }> }>(
      await home.run(['--json', 'cloud', 'list']),
    );
    expect(listed.servers.find((s) => s.server.id === id)?.server.status ?? 'terminated').not.toBe('running');
  });
});
