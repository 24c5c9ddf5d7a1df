/**
 * What the process exit status means: scripts branch on these.
 * `0` everything worked, `1` the operation failed, `2` the command line was wrong,
 * `3` some targets of a multi-target operation failed and others succeeded.
 */
export const ExitCode = {
  Ok: 0,
  Failed: 1,
  Usage: 2,
  Partial: 3,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A mistake on the command line or in the local set-up (unknown connection, bad flag value,
 * missing environment variable): exits with {@link ExitCode.Usage} and prints `hint`.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    /** What to do about it, printed under the message. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
