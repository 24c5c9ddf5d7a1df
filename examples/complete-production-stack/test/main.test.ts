import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAuditFile } from '@infrafabric/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoResult, main } from '../src/main';
import { providerModes, realTargetVars } from '../src/providers';
import { SIMULATOR_KEYS } from '../src/simulators';
import { AUTH_TOKEN as TWILIO_AUTH_TOKEN } from '../../../packages/twilio/test/simulator';
import { API_SECRET as VONAGE_API_SECRET } from '../../../packages/vonage/test/simulator';

describe('pnpm demo (complete-production-stack against the simulators)', () => {
  const lines: string[] = [];
  let result: DemoResult;

  beforeAll(async () => {
    result = await main({
      env: {},
      log: (line) => lines.push(line),
      auditDir: mkdtempSync(join(tmpdir(), 'demo-test-')),
    });
  });

  it('runs every step of the profile, all against simulators', () => {
    expect(result.modes.every((m) => m.mode === 'simulator')).toBe(true);
    expect(result.run?.ok).toBe(true);
    const succeeded = result.run!.events.filter((e) => e.status === 'succeeded').map((e) => e.step);
    expect(succeeded.sort()).toEqual(result.profile.steps.map((s) => s.id).sort());
  });

  it('changed the simulated world as the profile says', () => {
    const world = result.observed!;
    expect(world.ec2Instances).toEqual([
      expect.objectContaining({ instanceType: 'g4dn.xlarge', state: 'running' }),
    ]);
    expect(world.obsProgramScene).toBe('Live');
    expect(world.obsStreaming).toBe(true);
    expect(world.lights['light.studio']).toBe('on');
    const serverId = world.ec2Instances[0]!.id;
    expect(world.slackMessages).toEqual([expect.stringContaining(serverId)]);
    expect(world.telegramMessages).toBe(1);
    expect(world.whatsappMessages).toEqual(['16505551234']);
    expect(world.charges('live-2026-11-ada')).toBe(1);
    expect(world.charges('live-2026-11-grace')).toBe(1);
  });

  it('handles the injected Twilio outage by failing over to Vonage', () => {
    expect(result.injectedFailureHits).toBe(3);
    expect(result.failovers).toHaveLength(1);
    expect(result.failovers[0]).toMatchObject({
      step: 'conference',
      provider: 'vonage',
      failed: { provider: 'twilio', errorCode: 'provider', providerCode: '20503', attempts: 3 },
    });
    expect(result.observed!.twilioCalls).toBe(0);
    expect(result.observed!.vonageCalls).toHaveLength(1);
    expect(lines).toContain('      ↳ twilio: provider error 20503, 3 attempts → failed over to vonage');
  });

  it('writes a verifiable audit log of every operation, including the failure and the wrap-up', () => {
    expect(result.audit).toMatchObject({ ok: true, checked: result.auditEntries.length });
    // 8 operation steps + 3 broadcast targets + the failed Twilio attempt + 3 wrap-up operations.
    expect(result.auditEntries).toHaveLength(15);
    expect(readAuditFile(result.auditFile!).entries).toEqual(result.auditEntries);
    expect(result.auditEntries.filter((e) => e.outcome === 'error').map((e) => e.provider)).toEqual([
      'twilio',
    ]);
    expect(lines).toContain(`  ${result.auditEntries.length} entries · hash chain verified ✓`);
  });

  it('never prints or logs a credential', () => {
    const { whatsappPhoneNumberId: _notSecret, ...keys } = SIMULATOR_KEYS;
    const secrets = [...Object.values(keys), TWILIO_AUTH_TOKEN, VONAGE_API_SECRET];
    const audit = readFileSync(result.auditFile!, 'utf8');
    for (const secret of secrets) {
      expect(audit).not.toContain(secret);
      expect(lines.join('\n')).not.toContain(secret);
    }
  });

  it('reports the costs, with the Stripe fees of both charges', () => {
    const fees = result.costs.find((row) => row.key === 'stripe.createPayment');
    expect(fees).toMatchObject({ currency: 'GBP', operations: 2 });
    expect(fees!.total.amount).toBeGreaterThan(0);
  });

  it('prints a line per step as it starts and as it finishes', () => {
    for (const step of result.profile.steps) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}… ${step.id} `)));
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^ {2}✓ ${step.id} .* \\d+(\\.\\d)? m?s$`)),
      );
    }
  });
});

describe('pnpm demo without the injected outage', () => {
  it('places the conference through Twilio, the first provider of the chain', async () => {
    const lines: string[] = [];
    const result = await main({ env: {}, injectFailure: false, keep: true, log: (line) => lines.push(line) });
    expect(result.run?.ok).toBe(true);
    expect(result.run!.events).toContainEqual(
      expect.objectContaining({ step: 'conference', status: 'succeeded', provider: 'twilio' }),
    );
    expect(result.failovers).toEqual([]);
    expect(result.observed).toMatchObject({ twilioCalls: 1, vonageCalls: [] });
    // --keep: no wrap-up, so 8 operation steps + 3 broadcast targets.
    expect(result.auditEntries).toHaveLength(11);
    expect(lines).toContain('  no failure injected (disabled)');
  });
});

describe('pnpm demo -- --plan', () => {
  it('prints the waves and estimated costs without calling anything', async () => {
    const lines: string[] = [];
    const result = await main({ plan: true, env: {}, log: (line) => lines.push(line) });
    expect(result.run).toBeUndefined();
    expect(result.auditEntries).toEqual([]);
    expect(result.plan.map((p) => p.id)).toEqual(
      expect.arrayContaining(['gpu-server', 'gpu-running', 'tell-the-team', 'charge-ada']),
    );
    expect(result.plan.find((p) => p.id === 'gpu-running')!.wave).toBeGreaterThan(
      result.plan.find((p) => p.id === 'gpu-server')!.wave,
    );
    expect(result.plan.find((p) => p.id === 'charge-ada')!.estimatedCost?.currency).toBe('GBP');
    expect(lines).toContain('Plan (nothing is called)');
  });
});

describe('provider selection', () => {
  it('uses a real provider only when all of its variables are set', () => {
    const modes = providerModes({
      SLACK_BOT_TOKEN: 'xoxb-1',
      DEMO_SLACK_CHANNEL: 'C1',
      TELEGRAM_BOT_TOKEN: 't',
    });
    expect(modes.find((m) => m.name === 'slack')).toMatchObject({ mode: 'real', missing: [] });
    expect(modes.find((m) => m.name === 'telegram')).toMatchObject({
      mode: 'simulator',
      missing: ['DEMO_TELEGRAM_CHAT'],
    });
  });

  it("takes the real providers' targets from the environment, the profile's values otherwise", () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'AKIA1',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_REGION: 'us-east-2',
      DEMO_AWS_IMAGE: 'ami-123',
      DEMO_AWS_SIZE: 't3.micro',
      DEMO_SLACK_CHANNEL: 'C1',
    };
    // Slack lacks its token, so it stays simulated and its channel is not taken.
    expect(realTargetVars(providerModes(env), env)).toEqual({
      image: 'ami-123',
      region: 'us-east-2',
      gpuSize: 't3.micro',
    });
  });

  it('never charges a live Stripe account', () => {
    const stripe = providerModes({ STRIPE_SECRET_KEY: 'sk_live_abc' }).find((m) => m.name === 'stripe');
    expect(stripe).toMatchObject({ mode: 'simulator', note: expect.stringContaining('test key') });
    expect(providerModes({ STRIPE_SECRET_KEY: 'sk_test_abc' }).find((m) => m.name === 'stripe')?.mode).toBe(
      'real',
    );
  });
});
