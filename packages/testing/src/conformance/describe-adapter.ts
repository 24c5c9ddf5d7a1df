import { inspect } from 'node:util';
import {
  AuthenticationError,
  type AnyAdapter,
  Bus,
  type InfraFabricError,
  MemoryAuditSink,
  NetworkError,
  NotFoundError,
  NotSupportedError,
  OPERATION_SPECS,
  parseInputOnce,
  PermissionError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@infrafabric/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../msw/faults';
import type { KindConformanceOptions } from './options';

const EXPECTED: Array<[FaultKind, { isInstance(v: unknown): boolean; name: string }]> = [
  ['unauthorized', AuthenticationError],
  ['forbidden', PermissionError],
  ['not_found', NotFoundError],
  ['rate_limited', RateLimitError],
  ['server_error', ProviderError],
  ['timeout', TimeoutError],
  ['connection_reset', NetworkError],
];

function busFor(adapter: AnyAdapter, sink: MemoryAuditSink, retries: boolean): Bus {
  return new Bus({
    adapters: [adapter],
    auditSinks: [sink],
    policies: {
      timeoutMs: 1_500,
      retry: retries ? { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 } : false,
      circuitBreaker: false,
    },
  });
}

async function dispatchProbe(bus: Bus, adapter: AnyAdapter, call: { operation: string; input: unknown }) {
  return bus.dispatchSettled({
    kind: adapter.kind,
    provider: adapter.name ?? adapter.provider,
    operation: call.operation,
    input: call.input,
  });
}

/**
 * The shared contract every adapter must meet, run by each provider package in one call:
 * capability honesty, validation before any request, error mapping for 401/403/404/429/5xx,
 * timeouts and resets, idempotency keys reused across retries, and no secret in any error or
 * audit entry.
 */
export function describeAdapterConformance<A extends AnyAdapter>(options: KindConformanceOptions<A>): void {
  describe(`${options.name} conformance (${options.kind})`, () => {
    let adapter: A;
    let sink: MemoryAuditSink;

    beforeEach(async () => {
      options.faults.reset();
      adapter = await options.create();
      sink = new MemoryAuditSink();
      options.requests.clear();
    });
    afterEach(async () => {
      options.faults.reset();
      await adapter.close?.();
    });

    it('declares its kind, provider, contract version and a capability for every optional operation', () => {
      expect(adapter.kind).toBe(options.kind);
      expect(adapter.provider).toMatch(/^[a-z0-9-]+$/);
      expect(adapter.specificationVersion).toBe('v1');
      const ops = adapter.capabilities.operations as Record<string, boolean>;
      for (const operation of options.optionalOperations) {
        expect(typeof ops[operation], `capabilities.operations.${operation}`).toBe('boolean');
        const implemented = typeof (adapter as unknown as Record<string, unknown>)[operation] === 'function';
        expect(
          implemented,
          `${operation}: capability says ${ops[operation]}, method ${implemented ? 'exists' : 'is missing'}`,
        ).toBe(ops[operation]);
      }
      for (const [operation, spec] of Object.entries(OPERATION_SPECS[options.kind])) {
        if (spec.required)
          expect(
            typeof (adapter as unknown as Record<string, unknown>)[operation],
            `required ${operation}`,
          ).toBe('function');
      }
    });

    it('leaves the input it is given unchanged (declares inputIsReadOnly)', async () => {
      expect(adapter.inputIsReadOnly, 'adapters must not change their input; declare inputIsReadOnly').toBe(
        true,
      );
      // The probe only: samples may create things the simulator then holds (a group, a number).
      const { operation, input: raw } = options.probe;
      const spec = OPERATION_SPECS[options.kind][operation];
      if (!spec) throw new Error(`unknown ${options.kind} operation ${operation}`);
      // Handed on as the Bus does: the adapter's own parse returns this very object.
      const input = parseInputOnce(spec.input, raw);
      const before = structuredClone(input);
      await (adapter as unknown as Record<string, (i: unknown, o: unknown) => Promise<unknown>>)[operation]!(
        input,
        {},
      );
      expect(input, `${operation} changed its input`).toEqual(before);
    });

    it('check() returns the account identity', async () => {
      const identity = await adapter.check();
      expect(identity.id).toEqual(expect.any(String));
      expect(identity.id.length).toBeGreaterThan(0);
    });

    it('runs the probe operation against the simulator', async () => {
      const outcome = await dispatchProbe(busFor(adapter, sink, false), adapter, options.probe);
      if (!outcome.ok) throw outcome.error;
      expect(options.requests.requests.length).toBeGreaterThan(0);
    });

    for (const sample of options.samples ?? []) {
      it(`runs ${sample.operation} against the simulator`, async () => {
        const outcome = await dispatchProbe(busFor(adapter, sink, false), adapter, sample);
        if (!outcome.ok) throw outcome.error;
      });
    }

    it('rejects invalid input with a ValidationError naming the field, before any request', async () => {
      let caught: unknown;
      try {
        await (adapter as unknown as Record<string, (i: unknown) => Promise<unknown>>)[
          options.probe.operation
        ]!(options.invalid.input);
      } catch (error) {
        caught = error;
      }
      expect(ValidationError.isInstance(caught), `expected ValidationError, got ${String(caught)}`).toBe(
        true,
      );
      expect((caught as ValidationError).field ?? '').toContain(options.invalid.field);
      await options.requests.settled();
      expect(options.requests.requests).toHaveLength(0);
    });

    it('throws NotSupportedError for every operation it does not support', async () => {
      const ops = adapter.capabilities.operations as Record<string, boolean>;
      const bus = busFor(adapter, sink, false);
      for (const [operation, supported] of Object.entries(ops)) {
        if (supported || !(operation in OPERATION_SPECS[options.kind])) continue;
        const outcome = await dispatchProbe(bus, adapter, { operation, input: {} });
        expect(outcome.ok).toBe(false);
        if (!outcome.ok)
          expect(NotSupportedError.isInstance(outcome.error), `${operation}: ${outcome.error.message}`).toBe(
            true,
          );
      }
      expect(options.requests.requests).toHaveLength(0);
    });

    for (const [fault, errorClass] of EXPECTED) {
      // A fault the provider's protocol cannot produce is not a check: say why, register no test.
      const reason = options.notApplicable?.[fault];
      if (reason) {
        console.info(`[${options.name}] ${fault}: not applicable: ${reason}`);
        continue;
      }
      it(`maps ${fault} to ${errorClass.name}`, async () => {
        options.faults.inject(fault);
        const outcome = await dispatchProbe(busFor(adapter, sink, false), adapter, options.probe);
        expect(outcome.ok).toBe(false);
        if (outcome.ok) return;
        expect(
          errorClass.isInstance(outcome.error),
          `${fault}: got ${outcome.error.name}: ${outcome.error.message}`,
        ).toBe(true);
        expect(outcome.error.provider).toBe(adapter.name ?? adapter.provider);
        if (fault === 'server_error') expect(outcome.error.retryable).toBe(true);
        if (fault === 'rate_limited')
          expect((outcome.error as RateLimitError).retryAfterMs).toBeGreaterThan(0);
        expect(outcome.error.message.length).toBeGreaterThan(20);
      });
    }

    it('retries a 5xx and reuses one idempotency key across the attempts', async () => {
      options.faults.inject('server_error');
      const outcome = await dispatchProbe(busFor(adapter, sink, true), adapter, options.probe);
      if (!outcome.ok) throw outcome.error;
      expect(outcome.attempts).toBe(2);
      await options.requests.settled();
      if (adapter.capabilities.idempotencyKeys === true) {
        // An adapter that claims idempotency keys must let the suite see them on the wire.
        expect(
          options.idempotencyKeyOf,
          'idempotencyKeys: true needs the idempotencyKeyOf option',
        ).toBeDefined();
        expect(outcome.command.idempotencyKey).toBeDefined();
      }
      if (options.idempotencyKeyOf && outcome.command.idempotencyKey) {
        const keys = options.requests.requests
          .map(options.idempotencyKeyOf)
          .filter((k): k is string => k !== undefined);
        expect(keys.length).toBeGreaterThanOrEqual(2);
        expect(new Set(keys).size, `keys sent: ${keys.join(', ')}`).toBe(1);
      }
    });

    it('never puts a secret in an error message, error JSON or audit entry', async () => {
      const errors: InfraFabricError[] = [];
      for (const [fault] of EXPECTED) {
        if (options.notApplicable?.[fault] || fault === 'timeout') continue;
        options.faults.inject(fault);
        const outcome = await dispatchProbe(busFor(adapter, sink, false), adapter, options.probe);
        if (!outcome.ok) errors.push(outcome.error);
        options.faults.reset();
      }
      const text = JSON.stringify([
        // inspect() prints the cause chain too, as console.error and most loggers do.
        errors.map((e) => ({
          message: e.message,
          json: e.toJSON(),
          stack: e.stack,
          printed: inspect(e, { depth: 10 }),
        })),
        sink.entries(),
      ]);
      for (const secret of options.secrets) expect(text.includes(secret), 'a secret leaked').toBe(false);
      expect(errors.length).toBeGreaterThan(0);
    });
  });
}
