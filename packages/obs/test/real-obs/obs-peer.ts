import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebSocket } from 'ws';
import { COLLECTION, NAMESPACE_PORT, PROFILE, writeObsConfig } from './obs-config';

const run = promisify(execFile);

/** Debian packages the real-OBS test needs (see shared/notes/real-peers.md). */
export const OBS_PACKAGES = ['obs-studio', 'xvfb', 'libgl1-mesa-dri', 'libegl-mesa0', 'socat'] as const;

async function installed(name: string): Promise<boolean> {
  return run('dpkg', ['-s', name]).then(
    () => true,
    () => false,
  );
}

/**
 * Installs the packages with apt when any is missing. Returns why the test must be skipped when
 * apt is unavailable (no apt-get, or it fails at once), undefined when everything is in place.
 * A failure after apt started working is thrown, not skipped.
 */
export async function ensureObsPackages(log: (line: string) => void): Promise<string | undefined> {
  const missing: string[] = [];
  for (const name of OBS_PACKAGES) if (!(await installed(name))) missing.push(name);
  if (missing.length === 0) return undefined;
  const hasApt = await run('sh', ['-c', 'command -v apt-get']).then(
    () => true,
    () => false,
  );
  if (!hasApt) return `apt-get is not available to install ${missing.join(', ')}`;
  log(`installing ${missing.join(', ')} with apt (can take minutes)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['update'], { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    return `apt-get update failed, so ${missing.join(', ')} cannot be installed: ${(stderr || message).slice(-500)}`;
  }
  await run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', ...OBS_PACKAGES], {
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return undefined;
}

/** A free TCP port on 127.0.0.1. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const running = new Set<() => Promise<void>>();
const startedGroups = new Set<number>();

// Last resort when the test process dies without its afterAll: nothing outlives it.
process.once('exit', () => {
  for (const pid of startedGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/** Stops every peer started by this process, including one whose start-up is still under way. */
export async function stopAllObsPeers(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

/** A running OBS Studio, reachable on `url` (loopback only), and everything started for it. */
export interface ObsPeer {
  url: string;
  password: string;
  recordingDir: string;
  /** Last lines OBS printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

function stopGroup(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      killGroup('SIGKILL');
      resolve();
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      // Leftovers of the group (socat inside the namespace) go too.
      killGroup('SIGKILL');
      resolve();
    });
    killGroup('SIGTERM');
  });
}

async function startXvfb(track: (child: ChildProcess) => void): Promise<string> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    detached: true,
  });
  track(xvfb);
  const pipe = xvfb.stdio[3] as NodeJS.ReadableStream;
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not report a display within 20 s')), 20_000);
    pipe.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${text.trim()}`);
      }
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
}

/** Waits until obs-websocket sends its Hello (op 0) through the bridge. */
async function waitForHello(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('OBS exited before its WebSocket server answered');
    const hello = await new Promise<boolean>((resolve) => {
      const socket = new WebSocket(url, 'obswebsocket.json');
      const timer = setTimeout(() => {
        socket.terminate();
        resolve(false);
      }, 2_000);
      socket.once('message', (data) => {
        clearTimeout(timer);
        socket.close();
        resolve((JSON.parse(String(data)) as { op?: number }).op === 0);
      });
      socket.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (hello) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`OBS's WebSocket server did not say Hello within ${timeoutMs} ms`);
}

/**
 * Starts Xvfb, then OBS inside `unshare --net` (only `lo` exists there, so obs-websocket 5.1,
 * which has no bind address, is not reachable from any network), bridged to a host loopback port
 * by socat through a unix socket. Waits for the Hello. Everything is stopped by `stop()`, also
 * when start-up fails half-way.
 */
export async function startObsPeer(password: string): Promise<ObsPeer> {
  const children: ChildProcess[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'infrafabric-obs-'));
  const recordingDir = join(dir, 'recordings');
  const socketPath = join(dir, 'obs-websocket.sock');
  let output = '';
  const stop = async () => {
    running.delete(stop);
    for (const child of [...children].reverse()) {
      await stopGroup(child, 5_000);
      if (child.pid) startedGroups.delete(child.pid);
    }
    await rm(dir, { recursive: true, force: true });
  };
  running.add(stop);
  const track = (child: ChildProcess) => {
    children.push(child);
    if (child.pid) startedGroups.add(child.pid);
  };
  try {
    await writeObsConfig(join(dir, 'config'), password, recordingDir);
    const display = await startXvfb(track);
    const inner = [
      'ip link set lo up',
      `socat UNIX-LISTEN:${socketPath},fork TCP:127.0.0.1:${NAMESPACE_PORT} &`,
      `exec obs --multi --minimize-to-tray --disable-updater --disable-missing-files-check --profile ${PROFILE} --collection ${COLLECTION} --websocket_port ${NAMESPACE_PORT} --websocket_password "$OBS_TEST_PASSWORD"`,
    ].join('\n');
    const obs = spawn('unshare', ['--net', 'sh', '-c', inner], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        XDG_CONFIG_HOME: join(dir, 'config'),
        XDG_RUNTIME_DIR: dir,
        DISPLAY: display,
        LIBGL_ALWAYS_SOFTWARE: '1',
        QT_QPA_PLATFORM: 'xcb',
        OBS_TEST_PASSWORD: password,
      },
    });
    track(obs);
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    obs.stdout?.on('data', keep);
    obs.stderr?.on('data', keep);
    const hostPort = await freeLoopbackPort();
    const bridge = spawn(
      'socat',
      [`TCP-LISTEN:${hostPort},bind=127.0.0.1,reuseaddr,fork`, `UNIX-CONNECT:${socketPath}`],
      { detached: true, stdio: 'ignore' },
    );
    track(bridge);
    const url = `ws://127.0.0.1:${hostPort}`;
    await waitForHello(url, 60_000, () => obs.exitCode === null && obs.signalCode === null);
    return { url, password, recordingDir, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- OBS output ---\n${output}`);
  }
}
