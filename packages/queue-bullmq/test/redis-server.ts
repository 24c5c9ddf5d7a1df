import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A redis-server this test suite started on 127.0.0.1. */
export interface LocalRedis {
  port: number;
  stop(): Promise<void>;
}

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure Debian's redis-server is installed (installing it with apt when missing) and returns
 * why it cannot be, or undefined when it is available.
 */
export function ensureRedisInstalled(): string | undefined {
  if (has('redis-server')) return undefined;
  if (!has('apt-get')) return 'redis-server is not installed and apt-get is unavailable';
  try {
    execFileSync(
      'sh',
      ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server'],
      { stdio: 'ignore', timeout: 300_000 },
    );
  } catch (error) {
    return `apt-get install redis-server failed: ${(error as Error).message}`;
  }
  return has('redis-server') ? undefined : 'redis-server still missing after apt-get install';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts redis-server on a free loopback port with persistence off, and waits until it answers. */
export async function startRedis(): Promise<LocalRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'if-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { stdio: 'pipe' });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('redis-server did not start within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    port,
    async stop() {
      try {
        execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'shutdown', 'nosave'], {
          stdio: 'ignore',
        });
      } catch {
        child.kill('SIGKILL');
      }
      await new Promise((r) => setTimeout(r, 50));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
