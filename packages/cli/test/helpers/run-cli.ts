import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_BIN } from './build';

/** What one CLI run printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An isolated home: config and state directories in a fresh temp dir. */
export interface CliHome {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs `node dist/cli.js ...args`. */
  run(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** Starts a long-running command (inbox, route). */
  spawn(args: string[], extraEnv?: NodeJS.ProcessEnv): ChildProcess;
}

const created: string[] = [];

/** Deletes every temp home this test file created. */
export function removeHomes(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Creates a temp HOME/XDG set-up; the environment carries no provider credentials. */
export function createHome(): CliHome {
  const dir = mkdtempSync(join(tmpdir(), 'infrafabric-cli-'));
  created.push(dir);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_STATE_HOME: join(dir, 'state'),
    NO_COLOR: '1',
  };
  return {
    dir,
    env,
    run: (args, extraEnv = {}) =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          [CLI_BIN, ...args],
          { env: { ...env, ...extraEnv }, timeout: 60_000, maxBuffer: 10 * 1024 * 1024 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      }),
    spawn: (args, extraEnv = {}) =>
      spawn(process.execPath, [CLI_BIN, ...args], {
        env: { ...env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
  };
}

/** Parses a run's stdout as JSON, with the output in the error when it is not. */
export function json<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
