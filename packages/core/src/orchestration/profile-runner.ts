import type { AdapterKind } from '../adapters/adapter';
import { type InfraFabricError, ValidationError } from '../errors/infrafabric-error';
import { normalizeError } from '../errors/from-http-status';
import type { Money } from '../schemas/money';
import { parseInput } from '../schemas/validate';
import { lazyModule } from '../provider-utils/lazy-module';
import type { BroadcastResult } from './broadcast';
import type { FailoverResult } from './failover';
import { type Profile, type ProfileInput, type ProfileStep, profileSchema } from './profile-schema';
import type { RoutingStrategy } from './strategies';

/** What the profile runner needs from the bus. */
export interface ProfileBus {
  run<T>(
    kind: AdapterKind,
    operation: string,
    input: unknown,
    options: {
      via?: string[];
      strategy?: RoutingStrategy;
      policies?: { retry?: { maxAttempts?: number; baseDelayMs?: number }; timeoutMs?: number };
      traceId?: string;
    },
  ): Promise<FailoverResult<T>>;
  broadcast(
    message: { text: string; format?: 'plain' | 'markdown' | 'html' },
    targets: Array<{ provider: string; chatId: string; threadId?: string }>,
    options?: { traceId?: string },
  ): Promise<BroadcastResult>;
  estimate(kind: AdapterKind, provider: string, operation: string, input: unknown): Money | undefined;
}

/** A step's progress. */
export type StepEvent =
  | { step: string; status: 'started' }
  | { step: string; status: 'succeeded'; output: unknown; provider?: string | undefined; durationMs: number }
  | { step: string; status: 'failed'; error: InfraFabricError; durationMs: number }
  | { step: string; status: 'skipped'; reason: string }
  | { step: string; status: 'compensated' | 'compensation_failed'; error?: InfraFabricError | undefined };

/** The outcome of running a profile. */
export interface ProfileRunResult {
  ok: boolean;
  /** Outputs of the steps that succeeded, by id. */
  outputs: Record<string, unknown>;
  events: StepEvent[];
  /** The first failure, when not ok. */
  error?: InfraFabricError | undefined;
}

/** One line of a plan. */
export interface PlanStep {
  id: string;
  /** Steps in the same wave run in parallel. */
  wave: number;
  what: string;
  estimatedCost?: Money | undefined;
}

const loadYaml = lazyModule('yaml', () => import('yaml'));

/**
 * Parses and validates a profile from JSON or YAML text (or an object), with errors that name the
 * step and field (`steps.2.needs.0: needs unknown step "gpu"`).
 */
export async function parseProfile(
  source: string | ProfileInput,
  format: 'json' | 'yaml' = 'yaml',
): Promise<Profile> {
  let data: unknown = source;
  if (typeof source === 'string') {
    try {
      data = format === 'json' ? JSON.parse(source) : (await loadYaml()).parse(source);
    } catch (error) {
      throw new ValidationError(`Profile is not valid ${format.toUpperCase()}: ${(error as Error).message}`, {
        field: 'profile',
        rule: format,
        cause: error,
      });
    }
  }
  const profile = parseInput(profileSchema, data, { operation: 'parseProfile', path: 'profile' });
  waves(profile);
  return profile;
}

/** Groups steps into waves of steps whose dependencies are all in earlier waves. @throws ValidationError on a cycle. */
export function waves(profile: Profile): ProfileStep[][] {
  const done = new Set<string>();
  const remaining = [...profile.steps];
  const result: ProfileStep[][] = [];
  while (remaining.length > 0) {
    const ready = remaining.filter((s) => s.needs.every((n) => done.has(n)));
    if (ready.length === 0) {
      throw new ValidationError(
        `Profile "${profile.name}" has a dependency cycle among: ${remaining.map((s) => s.id).join(', ')}.`,
        { field: 'profile.steps', rule: 'acyclic' },
      );
    }
    result.push(ready);
    for (const step of ready) {
      done.add(step.id);
      remaining.splice(remaining.indexOf(step), 1);
    }
  }
  return result;
}

const PLACEHOLDER = /\$\{\s*(steps\.([a-z][a-z0-9_-]*)\.output|vars)((?:\.[A-Za-z0-9_]+)*)\s*\}/g;

function lookup(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.').filter(Boolean))
    current = (current as Record<string, unknown> | undefined)?.[key];
  return current;
}

/**
 * Replaces `${steps.<id>.output.<path>}` and `${vars.<name>}` in every string of `value`. A string
 * that is exactly one placeholder takes the referenced value's type (a number stays a number).
 */
export function interpolate(
  value: unknown,
  scope: { outputs: Record<string, unknown>; vars: Record<string, unknown> },
  strict = true,
): unknown {
  if (typeof value === 'string') {
    const resolve = (ref: string, stepIdValue: string | undefined, path: string): unknown => {
      const base =
        ref === 'vars'
          ? scope.vars
          : stepIdValue && Object.hasOwn(scope.outputs, stepIdValue)
            ? scope.outputs[stepIdValue]
            : undefined;
      if (base === undefined) {
        if (strict)
          throw new ValidationError(`Placeholder \${${ref}${path}} refers to something not available yet.`, {
            field: ref,
            rule: 'placeholder',
          });
        return undefined;
      }
      return lookup(base, path);
    };
    const whole = /^\$\{\s*(steps\.([a-z][a-z0-9_-]*)\.output|vars)((?:\.[A-Za-z0-9_]+)*)\s*\}$/.exec(value);
    if (whole) return resolve(whole[1]!, whole[2], whole[3] ?? '') ?? (strict ? undefined : value);
    return value.replace(PLACEHOLDER, (match, ref: string, id: string | undefined, path: string) => {
      const resolved = resolve(ref, id, path);
      return resolved === undefined ? match : String(resolved);
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, scope, strict));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, scope, strict)]));
  }
  return value;
}

function describeStep(step: ProfileStep): string {
  if ('broadcast' in step)
    return `chat broadcast to ${step.broadcast.targets.map((t) => `${t.provider}:${t.chatId}`).join(', ')}`;
  return `${step.kind}.${step.operation} via ${step.provider ?? step.via?.join(' → ')}${step.strategy ? ` (${step.strategy})` : ''}`;
}

/** What would run, in which waves, at what estimated cost, without calling anything. */
export function planProfile(profile: Profile, bus: Pick<ProfileBus, 'estimate'>): PlanStep[] {
  const plan: PlanStep[] = [];
  waves(profile).forEach((wave, index) => {
    for (const step of wave) {
      let estimatedCost: Money | undefined;
      if (!('broadcast' in step)) {
        const input = interpolate(step.input ?? {}, { outputs: {}, vars: profile.vars }, false);
        estimatedCost = bus.estimate(step.kind, step.provider ?? step.via?.[0] ?? '', step.operation, input);
      }
      plan.push({ id: step.id, wave: index + 1, what: describeStep(step), estimatedCost });
    }
  });
  return plan;
}

/**
 * Runs a profile: independent steps in parallel, each with its own retry policy; when a step fails,
 * the steps still running finish, nothing new starts, and completed steps are compensated in reverse
 * order (their `compensate` operation: destroy the server, refund the charge).
 */
export async function runProfile(
  profile: Profile,
  bus: ProfileBus,
  options: { onEvent?: (event: StepEvent) => void; traceId?: string } = {},
): Promise<ProfileRunResult> {
  const outputs: Record<string, unknown> = {};
  const events: StepEvent[] = [];
  const emit = (event: StepEvent) => {
    events.push(event);
    options.onEvent?.(event);
  };
  const completed: Array<{ step: ProfileStep; provider?: string | undefined }> = [];
  let failure: InfraFabricError | undefined;
  const scope = { outputs, vars: profile.vars as Record<string, unknown> };

  const runStep = async (step: ProfileStep): Promise<void> => {
    emit({ step: step.id, status: 'started' });
    const started = performance.now();
    try {
      if ('broadcast' in step) {
        const message = interpolate(step.broadcast.message, scope) as { text: string };
        const targets = interpolate(step.broadcast.targets, scope) as typeof step.broadcast.targets;
        const result = await bus.broadcast(message, targets, { traceId: options.traceId });
        if (result.status === 'failure' || (step.broadcast.requireAll && result.status !== 'success')) {
          const firstError = result.results.find((r) => r.status === 'failed' || r.status === 'timed_out');
          throw firstError && 'error' in firstError
            ? firstError.error
            : new ValidationError(`broadcast ${result.status}`, { field: step.id, rule: 'delivered' });
        }
        outputs[step.id] = result;
        completed.push({ step });
        emit({ step: step.id, status: 'succeeded', output: result, durationMs: performance.now() - started });
        return;
      }
      const input = interpolate(step.input ?? {}, scope);
      const result = await bus.run(step.kind, step.operation, input, {
        via: step.via ?? [step.provider as string],
        strategy: step.strategy,
        policies: {
          ...(step.retry ? { retry: step.retry } : {}),
          ...(step.timeoutMs ? { timeoutMs: step.timeoutMs } : {}),
        },
        traceId: options.traceId,
      });
      if (!result.ok) throw result.error;
      outputs[step.id] = result.value;
      completed.push({ step, provider: result.provider });
      emit({
        step: step.id,
        status: 'succeeded',
        output: result.value,
        provider: result.provider,
        durationMs: performance.now() - started,
      });
    } catch (raw) {
      const error = normalizeError(raw, {
        provider: 'provider' in step ? (step.provider ?? 'profile') : 'profile',
        operation: step.id,
      });
      failure ??= error;
      emit({ step: step.id, status: 'failed', error, durationMs: performance.now() - started });
    }
  };

  for (const wave of waves(profile)) {
    if (failure) {
      for (const step of wave) emit({ step: step.id, status: 'skipped', reason: 'an earlier step failed' });
      continue;
    }
    await Promise.all(wave.map(runStep));
  }

  if (failure) {
    for (const { step, provider } of [...completed].reverse()) {
      if ('broadcast' in step || !step.compensate) continue;
      try {
        const input = interpolate(step.compensate.input ?? {}, scope);
        const result = await bus.run(step.kind, step.compensate.operation, input, {
          via: [provider ?? (step.provider as string)],
          traceId: options.traceId,
        });
        if (!result.ok) throw result.error;
        emit({ step: step.id, status: 'compensated' });
      } catch (raw) {
        emit({
          step: step.id,
          status: 'compensation_failed',
          error: normalizeError(raw, {
            provider: provider ?? 'profile',
            operation: step.compensate.operation,
          }),
        });
      }
    }
  }
  return { ok: !failure, outputs, events, error: failure };
}
