import { ExitCode, type ExitCodeValue } from './exit-codes';

/** What a command action returns: an exit code, or nothing for success. */
export type ActionResult = ExitCodeValue | undefined;

let exitCode: ExitCodeValue = ExitCode.Ok;

/** The exit code the last action asked for. */
export function lastExitCode(): ExitCodeValue {
  return exitCode;
}

/** Forgets the last action's exit code (before a new run). */
export function resetExitCode(): void {
  exitCode = ExitCode.Ok;
}

/**
 * Wraps a command's implementation: its returned exit code becomes the process's; errors
 * propagate to `main`, which prints them.
 */
export function action<Args extends unknown[]>(
  run: (...args: Args) => Promise<ActionResult>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    exitCode = (await run(...args)) ?? ExitCode.Ok;
  };
}
