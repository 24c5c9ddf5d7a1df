import type { AdapterKind, Money } from '@infrafabric/core';
import { ExitCode, type ExitCodeValue } from './exit-codes';
import { colors, emit, type GlobalOptions, printFields, say } from './output';
import type { Session } from './session';

/** Options of {@link runOperation}. */
export interface RunOperationOptions {
  /** Validate and estimate only; call nothing. */
  dryRun?: boolean | undefined;
  /** Human output of the result (JSON output is the result itself). */
  show?: (output: unknown) => void | Promise<void>;
  /** Line printed after success. */
  done?: (output: unknown) => string;
}

function describeCost(cost: Money | undefined, core: Session['core']): string {
  return cost
    ? `${core.formatMinorUnits(cost)} ${cost.currency}`
    : 'no estimate (the provider has no cost model for it)';
}

/**
 * Runs one operation on one connection through the Bus (policies, idempotency key, audit entry,
 * cost record). With `dryRun` the input is validated with core's schema for the operation and
 * the cost estimated, and nothing is sent.
 */
export async function runOperation(
  session: Session,
  global: GlobalOptions,
  kind: AdapterKind,
  connection: string,
  operation: string,
  input: unknown,
  options: RunOperationOptions = {},
): Promise<ExitCodeValue> {
  const { bus, core } = session;
  if (options.dryRun) {
    const spec = core.operationSpec(kind, operation);
    const parsed = spec
      ? core.parseInput(spec.input, input, { provider: connection, operation, path: 'input' })
      : input;
    const adapter = bus.adapters(kind).find((a) => (a.name ?? a.provider) === connection);
    // The dispatcher's own test: implemented and not advertised as unsupported.
    const supported = adapter !== undefined && core.supports(adapter, operation);
    const estimatedCost = bus.estimate(kind, connection, operation, parsed);
    await emit(
      global,
      { dryRun: true, connection, kind, operation, input: parsed, supported, estimatedCost },
      () => {
        say(colors.yellow(`dry run: nothing was sent to ${connection}`));
        printFields({
          operation: `${kind}.${operation}`,
          supported: supported ? 'yes' : 'no (the provider lacks this operation)',
          'estimated cost': describeCost(estimatedCost, core),
          input: parsed,
        });
      },
    );
    return supported ? ExitCode.Ok : ExitCode.Failed;
  }
  const output = await bus.dispatch({ kind, provider: connection, operation, input });
  await emit(global, { ok: true, connection, operation, result: output ?? null }, async () => {
    if (options.done) say(`${colors.green('✔')} ${options.done(output)}`);
    if (options.show) await options.show(output);
    else if (output && typeof output === 'object') printFields(output as Record<string, unknown>);
  });
  return ExitCode.Ok;
}
