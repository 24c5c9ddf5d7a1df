import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import type { AuditEntry, AuditSink } from './audit-entry';

/** A line of an audit file that could not be read as an entry. */
export interface TornLine {
  /** 1-based line number. */
  line: number;
  /** Bytes of the broken line. */
  bytes: number;
  reason: string;
}

/** What reading an audit file found. */
export interface AuditFileContents {
  entries: AuditEntry[];
  /** A last line cut short by a crash; earlier entries stay valid. */
  torn?: TornLine | undefined;
  /** Unparseable lines before the last one: corruption, not a crash. */
  corrupt: TornLine[];
}

/** Reads an append-only JSON Lines audit file, detecting a torn last line. */
export function readAuditFile(path: string): AuditFileContents {
  if (!existsSync(path)) return { entries: [], corrupt: [] };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const endsClean = text.endsWith('\n') || text.length === 0;
  if (lines.at(-1) === '') lines.pop();
  const entries: AuditEntry[] = [];
  const corrupt: TornLine[] = [];
  let torn: TornLine | undefined;
  lines.forEach((line, index) => {
    const isLast = index === lines.length - 1;
    try {
      if (isLast && !endsClean) throw new Error('no newline at end: write was cut short');
      entries.push(JSON.parse(line) as AuditEntry);
    } catch (error) {
      const problem = { line: index + 1, bytes: Buffer.byteLength(line), reason: (error as Error).message };
      if (isLast) torn = problem;
      else corrupt.push(problem);
    }
  });
  return { entries, torn, corrupt };
}

/**
 * Appends each entry as one JSON line with a synchronous write, so an entry is in the file (the OS
 * page cache) before the operation's result is returned; a process crash loses at most the line
 * being written, which {@link readAuditFile} reports as torn. Pass `fsync: true` to also survive
 * power loss, at a large cost per entry. On open, an existing file's chain is continued and a torn
 * last line is reported through `onTornLine` and closed off with a newline.
 */
export class JsonlAuditSink implements AuditSink {
  private readonly fd: number;
  private lastEntry: AuditEntry | undefined;
  /** The torn line found when the file was opened, if any. */
  readonly tornOnOpen: TornLine | undefined;

  constructor(
    readonly path: string,
    private readonly options: { fsync?: boolean; onTornLine?: (torn: TornLine) => void } = {},
  ) {
    const existing = readAuditFile(path);
    this.lastEntry = existing.entries.at(-1);
    this.tornOnOpen = existing.torn;
    this.fd = openSync(path, 'a+');
    if (existing.torn) {
      options.onTornLine?.(existing.torn);
    }
    if (fstatSync(this.fd).size > 0 && !this.endsWithNewline()) writeSync(this.fd, '\n');
  }

  private endsWithNewline(): boolean {
    const size = fstatSync(this.fd).size;
    const buf = Buffer.alloc(1);
    readSync(this.fd, buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  }

  write(entry: AuditEntry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    if (this.options.fsync) fsyncSync(this.fd);
    this.lastEntry = entry;
  }

  last(): AuditEntry | undefined {
    return this.lastEntry;
  }

  entries(): AuditEntry[] {
    return readAuditFile(this.path).entries;
  }

  close(): void {
    closeSync(this.fd);
  }
}
