import { UsageError } from './exit-codes';

/** Parses a whole-number flag value of at least `min`. @throws UsageError naming the flag. */
export function wholeNumber(value: string, flag: string, min = 1): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new UsageError(`${flag} must be a whole number of at least ${min}, not "${value}".`);
  }
  return n;
}

/** A commander argument parser for a whole-number flag. */
export function wholeNumberFlag(flag: string, min = 1): (value: string) => number {
  return (value) => wholeNumber(value, flag, min);
}

/** Adds an "Examples:" section to a command's help. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;
}
