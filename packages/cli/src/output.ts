import type { Command } from 'commander';
import pc from 'picocolors';

/** Options every command accepts (defined once on the root program). */
export interface GlobalOptions {
  /** Machine-readable output on stdout. */
  json?: boolean;
  /** Print stack traces of unexpected errors. */
  debug?: boolean;
  /** JSON Lines audit file operations append to. */
  auditFile?: string;
}

/** The global options as seen from any (sub)command. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/** Writes one JSON document to stdout (what `--json` promises scripts). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const withJson = value as Error & { toJSON?: () => unknown };
    return typeof withJson.toJSON === 'function'
      ? withJson.toJSON()
      : { name: value.name, message: value.message };
  }
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  return value;
}

/** One line for humans on stdout. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Progress and notices go to stderr, so stdout stays clean for pipes. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Prints `value` as JSON with `--json`, otherwise runs the human formatter. */
export async function emit(
  options: GlobalOptions,
  value: unknown,
  human: () => void | Promise<void>,
): Promise<void> {
  if (options.json) printJson(value);
  else await human();
}

/** Renders a table (cli-table3 loaded on demand; colours off when not a TTY). */
export async function printTable(head: string[], rows: Array<Array<string | number>>): Promise<void> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: head.map((h) => pc.bold(h)),
    style: { head: [], border: [] },
  });
  for (const row of rows) table.push(row.map((cell) => String(cell)));
  say(table.toString());
}

/** `key: value` lines, aligned. */
export function printFields(fields: Record<string, unknown>): void {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  for (const [key, value] of entries) {
    say(
      `${pc.dim(`${key.padEnd(width)}:`)} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
    );
  }
}

/** Green tick line for a finished action. */
export function success(line: string): void {
  say(`${pc.green('✔')} ${line}`);
}

/** Colour helpers re-exported so commands do not import picocolors themselves. */
export const colors = pc;
