import {
  FakeChatAdapter,
  FakeCloud,
  FakeDeviceHub,
  FakePaymentProcessor,
  FakeSwitcher,
} from '@infrafabric/testing';
import { describe, expect, it } from 'vitest';
import { Bus, ProviderError, ValidationError, interpolate, parseProfile, type StepEvent } from '../src/index';

const yamlProfile = `
name: studio-night
vars:
  price: 1500
  channel: ops
steps:
  - id: server
    kind: cloud
    provider: fake-cloud
    operation: createServer
    input: { name: render-1, size: g4dn.xlarge, image: ami-1, region: eu-west-1 }
    compensate: { operation: destroyServer, input: { id: "\${steps.server.output.id}" } }
  - id: wait
    needs: [server]
    kind: cloud
    provider: fake-cloud
    operation: waitForServer
    input: { id: "\${steps.server.output.id}", status: running, pollIntervalMs: 2 }
  - id: lights
    kind: device
    provider: fake-device
    operation: callService
    input: { domain: light, service: turn_on, target: { entityId: light.studio } }
  - id: scene
    kind: production
    provider: fake-switcher
    operation: setProgramScene
    input: { scene: Live }
  - id: charge
    needs: [wait]
    kind: payment
    provider: fake-payment
    operation: createPayment
    input: { amount: { amount: "\${vars.price}", currency: GBP }, reference: night-1 }
    compensate: { operation: refundPayment, input: { paymentId: "\${steps.charge.output.id}" } }
  - id: tell
    needs: [charge, lights, scene]
    broadcast:
      message: { text: "Server \${steps.server.output.id} is up; charged \${steps.charge.output.id}" }
      targets: [{ provider: team, chatId: "\${vars.channel}" }]
`;

function stack() {
  const cloud = new FakeCloud({ bootMs: 5 });
  const pay = new FakePaymentProcessor();
  const chat = new FakeChatAdapter({ name: 'team' });
  const device = new FakeDeviceHub();
  const switcher = new FakeSwitcher();
  const bus = new Bus({ adapters: [cloud, pay, chat, device, switcher] });
  return { bus, cloud, pay, chat, device, switcher };
}

describe('profiles', () => {
  it('parses YAML, plans waves with estimated costs, and calls nothing when planning', async () => {
    const { bus, cloud } = stack();
    const profile = await parseProfile(yamlProfile);
    const plan = bus.plan(profile);
    expect(plan.map((p) => [p.id, p.wave])).toEqual([
      ['server', 1],
      ['lights', 1],
      ['scene', 1],
      ['wait', 2],
      ['charge', 3],
      ['tell', 4],
    ]);
    expect(plan.find((p) => p.id === 'charge')?.estimatedCost).toEqual({ amount: 74, currency: 'GBP' });
    expect(cloud.servers.size).toBe(0);
  });

  it('runs independent steps in parallel and resolves outputs into later inputs', async () => {
    const { bus, chat, pay, device } = stack();
    const events: StepEvent[] = [];
    const result = await bus.orchestrate(await parseProfile(yamlProfile), { onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(true);
    expect(chat.sent[0]?.text).toBe('Server srv-1 is up; charged pay_1');
    expect(chat.sent[0]?.chatId).toBe('ops');
    expect(pay.payments.get('pay_1')?.amount).toEqual({ amount: 1500, currency: 'GBP' });
    expect(device.states.get('light.studio')?.state).toBe('on');
    const started = events.filter((e) => e.status === 'started').map((e) => e.step);
    expect(started.slice(0, 3).sort()).toEqual(['lights', 'scene', 'server']);
    const entries = await bus.audit.entries();
    expect(new Set(entries.map((e) => e.traceId)).size).toBe(1);
    expect((await bus.audit.verify()).ok).toBe(true);
  });

  it('compensates completed steps in reverse order when a later step fails', async () => {
    const { bus, chat, pay, cloud } = stack();
    chat.failures.failNext(
      'sendMessage',
      new ProviderError('chat down', { provider: 'team', retryable: false }),
    );
    const events: StepEvent[] = [];
    const result = await bus.orchestrate(await parseProfile(yamlProfile), { onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(false);
    expect(result.error?.message).toContain('chat down');
    const compensated = events.filter((e) => e.status === 'compensated').map((e) => e.step);
    expect(compensated).toEqual(['charge', 'server']);
    expect(pay.payments.get('pay_1')?.status).toBe('refunded');
    expect(cloud.servers.get('srv-1')?.status).toBe('terminated');
  });

  it('skips later waves after a failure', async () => {
    const { bus, cloud } = stack();
    cloud.failures.failNext('createServer', new ValidationError('quota', { provider: 'fake-cloud' }));
    const result = await bus.orchestrate(await parseProfile(yamlProfile));
    expect(result.ok).toBe(false);
    expect(result.events.filter((e) => e.status === 'skipped').map((e) => e.step)).toEqual([
      'wait',
      'charge',
      'tell',
    ]);
  });

  it('rejects bad profiles with errors naming the field', async () => {
    const unknownNeed = await parseProfile({
      name: 'x',
      steps: [{ id: 'a', needs: ['ghost'], kind: 'chat', provider: 'p', operation: 'sendMessage' }],
    }).catch((e) => e);
    expect(ValidationError.isInstance(unknownNeed)).toBe(true);
    expect(unknownNeed.field).toBe('profile.steps.0.needs.0');
    const cycle = await parseProfile({
      name: 'x',
      steps: [
        { id: 'a', needs: ['b'], kind: 'chat', provider: 'p', operation: 'sendMessage' },
        { id: 'b', needs: ['a'], kind: 'chat', provider: 'p', operation: 'sendMessage' },
      ],
    }).catch((e) => e);
    expect(cycle.rule).toBe('acyclic');
    const badYaml = await parseProfile('name: [unclosed').catch((e) => e);
    expect(badYaml.rule).toBe('yaml');
    const both = await parseProfile({
      name: 'x',
      steps: [{ id: 'a', kind: 'chat', provider: 'p', via: ['q'], operation: 'sendMessage' }],
    }).catch((e) => e);
    expect(both.field).toBe('profile.steps.0.provider');
  });

  it('interpolates typed values and text', () => {
    const scope = { outputs: { s: { id: 'x1', n: 3 } }, vars: { who: 'ops' } };
    expect(
      interpolate({ a: '${steps.s.output.n}', b: 'to ${vars.who} #${steps.s.output.id}' }, scope),
    ).toEqual({ a: 3, b: 'to ops #x1' });
    expect(() => interpolate('${steps.nope.output.id}', scope)).toThrow(/not available/);
  });
});
