import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERAL } from '../../slack/test/simulator';
import { BLOCKED_CHAT, PRIVATE_CHAT } from '../../telegram/test/simulator';
import { ensureBuilt } from './helpers/build';
import { addAllConnections } from './helpers/connect';
import { type CliResult, createHome, json, removeHomes } from './helpers/run-cli';
import { leakedSecrets, SECRETS, type Simulators, startSimulators } from './helpers/simulators';

let sims: Simulators;
const outputs: CliResult[] = [];
const home = createHome();
const run = async (args: string[]) => {
  const result = await home.run(args);
  outputs.push(result);
  return result;
};

beforeAll(async () => {
  await ensureBuilt();
  sims = await startSimulators();
  await addAllConnections(home, sims);
}, 300_000);

afterAll(async () => {
  await sims?.close();
  removeHomes();
});

describe('chat', () => {
  it('send delivers a message and --json returns the sent message', async () => {
    const result = await run([
      '--json',
      'chat',
      'send',
      'tg',
      '--to',
      String(PRIVATE_CHAT),
      '--message',
      'Deploy finished',
    ]);
    expect(result.code).toBe(0);
    const body = json<{ ok: boolean; result: { id: string; chatId: string } }>(result);
    expect(body.ok).toBe(true);
    expect(body.result.chatId).toBe(String(PRIVATE_CHAT));
    const human = await run([
      'chat',
      'send',
      'slack',
      '--to',
      GENERAL,
      '--message',
      '**bold**',
      '--format',
      'markdown',
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Sent \S+ to C012AB3CD via slack/);
  });

  it('send --image reads a local file and sends it as media', async () => {
    const file = join(home.dir, 'frame.png');
    writeFileSync(file, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const result = await run([
      '--json',
      'chat',
      'send',
      'tg',
      '--to',
      String(PRIVATE_CHAT),
      '--image',
      file,
      '--message',
      'Now live',
    ]);
    expect(result.code).toBe(0);
    expect(json<{ result: { id: string } }>(result).result.id).toBeTruthy();
  });

  it('a platform refusal exits 1 with the provider message and a next step', async () => {
    const result = await run(['chat', 'send', 'tg', '--to', String(BLOCKED_CHAT), '--message', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error \[/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const debug = await run([
      '--debug',
      'chat',
      'send',
      'tg',
      '--to',
      String(BLOCKED_CHAT),
      '--message',
      'hi',
    ]);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('send --dry-run validates and sends nothing; bad input is a usage error', async () => {
    const dry = await run([
      '--json',
      'chat',
      'send',
      'slack',
      '--to',
      GENERAL,
      '--message',
      'x',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(json(dry)).toMatchObject({ dryRun: true, operation: 'sendMessage', supported: true });
    const empty = await run(['chat', 'send', 'slack', '--to', GENERAL, '--message', '']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('text');
  });

  it('history, status, group create/add and webhook', async () => {
    const history = await run(['--json', 'chat', 'history', 'slack', '--chat', GENERAL, '--limit', '5']);
    expect(history.code).toBe(0);
    expect(json<{ result: { items: unknown[] } }>(history).result.items.length).toBeGreaterThan(0);
    const table = await run(['chat', 'history', 'slack', '--chat', GENERAL, '--limit', '5']);
    // Slack's adapter translated the markdown to mrkdwn when it was sent.
    expect(table.stdout).toContain('*bold*');

    const status = await run(['--json', 'chat', 'status', 'tg']);
    expect(status.code).toBe(0);
    expect(json(status)).toMatchObject({ ok: true, capabilities: { operations: expect.any(Object) } });

    const group = await run(['--json', 'chat', 'group', 'create', 'slack', '--name', 'incident-42']);
    expect(group.code).toBe(0);
    const groupId = json<{ result: { id: string } }>(group).result.id;
    const added = await run(['chat', 'group', 'add', 'slack', '--chat', groupId, '--user', 'U222BBB222']);
    expect(added.code).toBe(0);

    const hook = await run([
      'chat',
      'webhook',
      'tg',
      '--url',
      'https://example.com/webhooks/tg',
      '--secret',
      SECRETS.telegramWebhook,
    ]);
    expect(hook.code).toBe(0);
    expect(hook.stdout).toContain('Webhook of tg set to https://example.com/webhooks/tg');
    const insecure = await run(['chat', 'webhook', 'tg', '--url', 'http://example.com/hook']);
    expect(insecure.code).toBe(2);
  });
});

describe('payment', () => {
  it('charge converts the decimal amount to minor units for the currency', async () => {
    const result = await run([
      '--json',
      'payment',
      'charge',
      'shop',
      '--amount',
      '19.99',
      '--currency',
      'gbp',
      '--method',
      'pm_card_visa',
      '--reference',
      'order-cli-1',
    ]);
    expect(result.code).toBe(0);
    const payment = json<{ result: { id: string; amount: { amount: number; currency: string } } }>(
      result,
    ).result;
    expect(payment.amount).toEqual({ amount: 1999, currency: 'GBP' });
    expect(sims.stripe.getPaymentIntent(payment.id)).toMatchObject({ amount: 1999, currency: 'gbp' });

    const yen = await run([
      '--json',
      'payment',
      'charge',
      'shop',
      '--amount',
      '500',
      '--currency',
      'JPY',
      '--method',
      'pm_card_visa',
    ]);
    expect(json<{ result: { amount: { amount: number } } }>(yen).result.amount.amount).toBe(500);

    const refund = await run([
      'payment',
      'refund',
      'shop',
      '--transaction',
      payment.id,
      '--amount',
      '5.00',
      '--currency',
      'GBP',
    ]);
    expect(refund.code).toBe(0);
    expect(refund.stdout).toMatch(/Refund \S+: 5\.00 GBP/);
  });

  it('charge --dry-run shows the minor-unit amount and charges nothing', async () => {
    const before = sims.stripe.state.paymentIntents.size;
    const result = await run([
      '--json',
      'payment',
      'charge',
      'shop',
      '--amount',
      '10.50',
      '--currency',
      'EUR',
      '--method',
      'pm_card_visa',
      '--dry-run',
    ]);
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({
      dryRun: true,
      input: { amount: { amount: 1050, currency: 'EUR' } },
    });
    expect(sims.stripe.state.paymentIntents.size).toBe(before);
  });

  it('a declined card exits 1 with the decline and advice not to retry', async () => {
    const result = await run([
      'payment',
      'charge',
      'shop',
      '--amount',
      '3',
      '--currency',
      'GBP',
      '--method',
      'pm_card_chargeDeclined',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [declined');
    expect(result.stderr).toContain('retrying will not help');
  });

  it('subscribe starts a subscription', async () => {
    const customer = await fetch(`${sims.urls.stripe}/v1/customers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${SECRETS.stripe}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'email=ada%40example.com',
    }).then((r) => r.json() as Promise<{ id: string }>);
    const result = await run([
      '--json',
      'payment',
      'subscribe',
      'shop',
      '--plan',
      sims.stripe.defaultPriceId,
      '--customer',
      customer.id,
    ]);
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ ok: true, result: { customerId: customer.id } });
    expect(sims.stripe.state.subscriptions.size).toBe(1);
  });
});

describe('cloud', () => {
  it('provision --wait shows progress until running; list and destroy --yes', async () => {
    const dry = await run([
      '--json',
      'cloud',
      'provision',
      'aws',
      '--size',
      't3.micro',
      '--image',
      'ami-0a1b2c3d4e5f60001',
      '--region',
      'eu-west-1',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(json(dry)).toMatchObject({ dryRun: true, operation: 'createServer' });
    expect(json<{ servers: unknown[] }>(await run(['--json', 'cloud', 'list'])).servers).toEqual([]);

    const made = await run([
      'cloud',
      'provision',
      'aws',
      '--name',
      'cli-test',
      '--size',
      't3.micro',
      '--image',
      'ami-0a1b2c3d4e5f60001',
      '--region',
      'eu-west-1',
      '--wait',
    ]);
    expect(made.code).toBe(0);
    expect(made.stderr).toMatch(/pending/);
    expect(made.stdout).toMatch(/is running/);

    const listed = json<{ servers: Array<{ connection: string; server: { id: string; status: string } }> }>(
      await run(['--json', 'cloud', 'list']),
    );
    expect(listed.servers).toHaveLength(1);
    const id = listed.servers[0]?.server.id as string;
    expect(listed.servers[0]).toMatchObject({ connection: 'aws', server: { status: 'running' } });

    const noTty = await run(['cloud', 'destroy', 'aws', '--resource', id]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('--yes');

    const dryDestroy = await run(['cloud', 'destroy', 'aws', '--resource', id, '--dry-run']);
    expect(dryDestroy.code).toBe(0);
    expect(
      json<{ servers: Array<{ server: { status: string } }> }>(await run(['--json', 'cloud', 'list']))
        .servers[0]?.server.status,
    ).toBe('running');

    const destroyed = await run(['cloud', 'destroy', 'aws', '--resource', id, '--yes']);
    expect(destroyed.code).toBe(0);
    expect(destroyed.stdout).toContain(`Destroyed ${id}`);
  });
});

describe('sip', () => {
  it('sms, call and provision against Twilio', async () => {
    const sms = await run([
      '--json',
      'sip',
      'sms',
      'phone',
      '--from',
      '+15005550006',
      '--to',
      '+14155550100',
      '--message',
      'On air in 5',
    ]);
    expect(sms.code).toBe(0);
    expect(sims.twilio.state.messages.size).toBe(1);

    const call = await run([
      'sip',
      'call',
      'phone',
      '--from',
      '+15005550006',
      '--to',
      '+14155550100',
      '--say',
      'Studio is live',
    ]);
    expect(call.code).toBe(0);
    expect(sims.twilio.state.calls.size).toBe(1);

    const dry = await run(['sip', 'provision', 'phone', '--did', '+14155550123', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(sims.twilio.state.numbers.size).toBe(0);
    const bought = await run(['--json', 'sip', 'provision', 'phone', '--did', '+14155550123']);
    expect(bought.code).toBe(0);
    expect(sims.twilio.state.numbers.size).toBe(1);

    const invalid = await run([
      'sip',
      'sms',
      'phone',
      '--from',
      '+15005550006',
      '--to',
      '+15005550001',
      '--message',
      'x',
    ]);
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toMatch(/^error \[/);
  });
});

describe('studio and device', () => {
  it('scene, stream start/stop and record start/stop on OBS', async () => {
    expect((await run(['studio', 'scene', 'studio', 'Live'])).code).toBe(0);
    expect(sims.obs.program).toBe('Live');
    expect((await run(['studio', 'stream', 'start', 'studio'])).code).toBe(0);
    const status = json<{ result: { active: boolean } }>(
      await run(['--json', 'studio', 'stream', 'status', 'studio']),
    );
    expect(status.result.active).toBe(true);
    expect((await run(['studio', 'stream', 'stop', 'studio'])).code).toBe(0);
    expect((await run(['studio', 'record', 'start', 'studio'])).code).toBe(0);
    expect((await run(['studio', 'record', 'stop', 'studio'])).code).toBe(0);
    const missing = await run(['studio', 'scene', 'studio', 'No Such Scene']);
    expect(missing.code).toBe(1);
  });

  it('device call turns a light on through Home Assistant', async () => {
    const result = await run([
      '--json',
      'device',
      'call',
      'home',
      'light.turn_on',
      '--entity',
      'light.studio',
      '--data',
      '{"brightness_pct":40}',
    ]);
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ ok: true, operation: 'callService' });
    const bad = await run(['device', 'call', 'home', 'turn_on']);
    expect(bad.code).toBe(2);
  });
});

describe('secrets', () => {
  it('no canary secret appeared in any output', () => {
    expect(outputs.length).toBeGreaterThan(30);
    for (const result of outputs) expect(leakedSecrets(result.stdout + result.stderr)).toEqual([]);
  });
});
