import pc from 'picocolors';
import { ExitCode, type ExitCodeValue, UsageError } from './exit-codes';
import { printJson } from './output';

interface CoreErrorShape {
  message: string;
  code: string;
  provider?: string | undefined;
  operation?: string | undefined;
  providerCode?: string | undefined;
  retryable?: boolean;
  outcomeUnknown?: boolean;
  toJSON?: () => Record<string, unknown>;
}

/** True for an InfraFabric error from any copy of core (core marks them with a global symbol). */
function isCoreError(error: unknown): error is CoreErrorShape {
  return typeof error === 'object' && error !== null && Symbol.for('infrafabric.error') in error;
}

/** What to do next, per core error code. */
const NEXT_STEP: Record<string, string> = {
  authentication:
    'The provider rejected the credentials: check them with `infrafabric connections test <name>` and re-add the connection.',
  permission: 'The credentials lack a permission for this operation: grant it in the provider console.',
  validation: 'Fix the value named above and run the command again (see --help for the expected format).',
  not_found: 'Check the id or name; list what exists with the matching list command.',
  rate_limit: 'The provider asked us to slow down: wait a little and try again.',
  timeout: 'No answer in time. The operation may still complete at the provider: check before retrying.',
  network: 'The provider could not be reached: check the network, proxy or --base-url of the connection.',
  circuit_open: 'The provider kept failing; calls are paused for a while. Try again shortly.',
  not_supported: 'This provider cannot do that operation: `infrafabric providers` lists what each supports.',
  declined: 'The provider refused it (e.g. a card decline): retrying will not help; use another method.',
  budget_exceeded: 'A spending budget would be exceeded.',
  provider: 'The provider failed. Try again later; run with --debug for details.',
};

/**
 * Prints an error the way the CLI promises (message and next step; stack only with `--debug`)
 * and returns the exit code it means.
 */
export function reportError(error: unknown, options: { json?: boolean; debug?: boolean }): ExitCodeValue {
  if (error instanceof UsageError) {
    if (options.json)
      printJson({ ok: false, error: { code: 'usage', message: error.message, hint: error.hint } });
    else
      process.stderr.write(
        `${pc.red('error')} ${error.message}\n${error.hint ? `${pc.dim(error.hint)}\n` : ''}`,
      );
    return ExitCode.Usage;
  }
  if (isCoreError(error)) {
    const hint = NEXT_STEP[error.code] ?? NEXT_STEP.provider;
    const where = [error.provider, error.operation].filter(Boolean).join('.');
    // Core messages usually start with `provider.operation:` already; do not say it twice.
    const details = where && !error.message.includes(where) ? where : '';
    if (options.json) {
      printJson({
        ok: false,
        error: { ...(error.toJSON?.() ?? { message: error.message, code: error.code }), hint },
      });
    } else {
      process.stderr.write(
        `${pc.red(`error [${error.code}${error.providerCode ? `/${error.providerCode}` : ''}]`)}${details ? ` ${details}:` : ''} ${error.message}\n${pc.dim(hint ?? '')}\n`,
      );
      if (error.outcomeUnknown) {
        process.stderr.write(
          `${pc.yellow('The outcome is unknown: the provider may have done it. Check before retrying.')}\n`,
        );
      }
    }
    if (options.debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return error.code === 'validation' ? ExitCode.Usage : ExitCode.Failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) printJson({ ok: false, error: { code: 'internal', message } });
  else {
    process.stderr.write(`${pc.red('error')} ${message}\n`);
    if (!options.debug) process.stderr.write(`${pc.dim('Run again with --debug for the stack trace.')}\n`);
  }
  if (options.debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return ExitCode.Failed;
}
