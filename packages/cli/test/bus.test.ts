import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
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

/** Starts a long-running command and resolves with the webhook URL it prints for `conn`. */
async function serve(args: string[], conn: string) {
  const child = home.spawn(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = new RegExp(`listening: (http://\\S+/webhooks/${conn})`).exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
  });
  const exited = once(child, 'exit') as Promise<[number]>;
  return {
    url,
    async done() {
      const [code] = await exited;
      const result = { code, stdout, stderr };
      outputs.push(result);
      return result;
    },
  };
}

let updateId = 500;
function telegramUpdate(text: string) {
  updateId += 1;
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: PRIVATE_CHAT, type: 'private', first_name: 'Ada' },
      from: { id: PRIVATE_CHAT, is_bot: false, first_name: 'Ada' },
      text,
    },
  };
}

function postUpdate(url: string, text: string, secret: string = SECRETS.telegramWebhook) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(telegramUpdate(text)),
  });
}

describe('bus broadcast', () => {
  it('prints a per-target table; exit 0 when every target got it', async () => {
    const result = await run([
      'bus',
      'broadcast',
      '--message',
      'Live in 5',
      '--to',
      `slack:${GENERAL},tg:${PRIVATE_CHAT}`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`slack:${GENERAL}`);
    expect(result.stdout).toContain(`tg:${PRIVATE_CHAT}`);
    expect(result.stdout).toContain('overall: success');
  });

  it('exits 3 on partial success and names the failed target', async () => {
    const result = await run([
      '--json',
      'bus',
      'broadcast',
      '--message',
      'Live in 5',
      '--to',
      `slack:${GENERAL},tg:${BLOCKED_CHAT}`,
    ]);
    expect(result.code).toBe(3);
    const body = json<{ status: string; results: Array<{ status: string; target: { provider: string } }> }>(
      result,
    );
    expect(body.status).toBe('partial');
    expect(body.results.map((r) => [r.target.provider, r.status])).toEqual([
      ['slack', 'sent'],
      ['tg', 'failed'],
    ]);
  });

  it('exits 1 when every target failed; --dry-run sends nothing', async () => {
    expect((await run(['bus', 'broadcast', '--message', 'x', '--to', `tg:${BLOCKED_CHAT}`])).code).toBe(1);
    const dry = await run([
      '--json',
      'bus',
      'broadcast',
      '--message',
      'x',
      '--to',
      `tg:${PRIVATE_CHAT}`,
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(json(dry)).toMatchObject({
      dryRun: true,
      targets: [{ provider: 'tg', chatId: String(PRIVATE_CHAT) }],
    });
    expect((await run(['bus', 'broadcast', '--message', 'x', '--to', 'no-colon'])).code).toBe(2);
  });
});

describe('bus inbox and route', () => {
  it('inbox serves webhooks on 127.0.0.1 and streams verified events as JSON lines', async () => {
    const server = await serve(['--json', 'bus', 'inbox', 'tg', '--port', '0', '--max-events', '1'], 'tg');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/tg$/);
    const forged = await postUpdate(server.url, 'forged', 'wrong-secret');
    expect(forged.status).toBe(401);
    // A chunked body with no content-length, larger than the handler's limit: refused.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sentChunks = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sentChunks += 1;
        if (sentChunks > 64)
          controller.close(); // 4 MiB at most
        else controller.enqueue(chunk);
      },
    });
    const oversized = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': SECRETS.telegramWebhook,
      },
      body: endless,
      duplex: 'half',
    } as RequestInit).then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    );
    if ('response' in oversized) expect(oversized.response.status).toBe(413);
    else expect(String(oversized.error)).toMatch(/fetch failed|socket|reset|closed/i);
    expect((await postUpdate(server.url, 'hello from telegram')).status).toBe(200);
    const result = await server.done();
    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'message',
        // Inbound events are addressed by the adapter's name on the bus: the connection name.
        provider: 'tg',
        message: expect.objectContaining({ text: 'hello from telegram' }),
      }),
    ]);
  });

  it('route forwards matching inbound messages to the targets', { timeout: 60_000 }, async () => {
    const server = await serve(
      [
        'bus',
        'route',
        '--from',
        'tg',
        '--to',
        `slack:${GENERAL}`,
        '--filter',
        'urgent',
        '--port',
        '0',
        '--max-events',
        '1',
      ],
      'tg',
    );
    expect((await postUpdate(server.url, 'just chatting')).status).toBe(200);
    expect((await postUpdate(server.url, 'URGENT: studio 2 is down')).status).toBe(200);
    const result = await server.done();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('forwarded to slack');
    const history = json<{ result: { items: Array<{ text: string }> } }>(
      await run(['--json', 'chat', 'history', 'slack', '--chat', GENERAL, '--limit', '5']),
    );
    const texts = history.result.items.map((m) => m.text);
    expect(texts.some((t) => t.includes('URGENT: studio 2 is down'))).toBe(true);
    expect(texts.some((t) => t.includes('just chatting'))).toBe(false);
  });
});

describe('bus orchestrate, audit and costs', () => {
  const profile = (dir: string) => {
    const file = join(dir, 'launch.yaml');
    writeFileSync(
      file,
      `name: launch
steps:
  - id: charge
    kind: payment
    provider: shop
    operation: createPayment
    input: { amount: { amount: 2500, currency: GBP }, paymentMethod: pm_card_visa }
  - id: announce
    needs: [charge]
    broadcast:
      message: { text: "Tickets are on sale" }
      targets: [{ provider: slack, chatId: ${GENERAL} }, { provider: tg, chatId: "${PRIVATE_CHAT}" }]
  - id: sms
    needs: [charge]
    kind: sip
    provider: phone
    operation: sendSms
    input: { from: "+15005550006", to: "+14155550100", text: "Doors open at 7" }
`,
    );
    return file;
  };

  it('--plan shows the waves and runs nothing', async () => {
    const before = sims.stripe.state.paymentIntents.size;
    const result = await run(['--json', 'bus', 'orchestrate', '--profile', profile(home.dir), '--plan']);
    expect(result.code).toBe(0);
    const plan = json<{ plan: Array<{ id: string; wave: number }> }>(result).plan;
    expect(plan.map((p) => [p.id, p.wave])).toEqual([
      ['charge', 1],
      ['announce', 2],
      ['sms', 2],
    ]);
    expect(sims.stripe.state.paymentIntents.size).toBe(before);
  });

  it('runs the profile with live progress, then the cost report', async () => {
    const result = await run(['bus', 'orchestrate', '--profile', profile(home.dir)]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/charge started[\s\S]*charge succeeded[\s\S]*announce succeeded/);
    expect(result.stdout).toContain('profile "launch" succeeded');
  });

  it('an invalid profile is a usage error naming the field', async () => {
    const file = join(home.dir, 'bad.yaml');
    writeFileSync(
      file,
      'name: bad\nsteps:\n  - id: a\n    needs: [ghost]\n    kind: chat\n    provider: slack\n    operation: sendMessage\n',
    );
    const result = await run(['bus', 'orchestrate', '--profile', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ghost');
  });

  it('audit tail and verify read the hash-chained log every command appended to', async () => {
    const tail = json<Array<{ seq: number; operation: string }>>(
      await run(['--json', 'audit', 'tail', '-n', '3']),
    );
    expect(tail).toHaveLength(3);
    expect(tail[2]?.seq).toBe((tail[0]?.seq ?? 0) + 2);
    const verified = await run(['audit', 'verify']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('chain intact');

    // Tamper with a copy: verification must fail with exit 1 and name the entry.
    const path = join(home.env.XDG_STATE_HOME as string, 'infrafabric', 'audit.jsonl');
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const entry = JSON.parse(lines[1] as string);
    entry.outcome = entry.outcome === 'ok' ? 'error' : 'ok';
    lines[1] = JSON.stringify(entry);
    const tampered = join(home.dir, 'tampered.jsonl');
    writeFileSync(tampered, `${lines.join('\n')}\n`);
    const broken = await run(['--json', '--audit-file', tampered, 'audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(json(broken)).toMatchObject({ ok: false, firstBadSeq: entry.seq });
  });

  it('costs report totals the audit log per provider', async () => {
    const rows = json<Array<{ key: string; currency: string; operations: number }>>(
      await run(['--json', 'costs', 'report']),
    );
    expect(rows.find((r) => r.key === 'shop')).toMatchObject({ currency: 'GBP' });
    expect(rows.find((r) => r.key === 'shop')?.operations).toBeGreaterThanOrEqual(1);
    const table = await run(['costs', 'report', '--by', 'kind']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('payment');
  });

  it('costs report counts only operations that succeeded', async () => {
    const entry = (outcome: 'ok' | 'error', amount: number) => ({
      seq: 1,
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
      time: '2026-11-24T10:00:00.000Z',
      traceId: 't',
      commandId: 'c',
      kind: 'payment',
      provider: 'shop',
      operation: 'createPayment',
      inputDigest: 'd',
      outcome,
      attempts: 1,
      latencyMs: 1,
      estimatedCost: { amount, currency: 'GBP' },
      ...(outcome === 'ok' ? { cost: { amount, currency: 'GBP' } } : { errorCode: 'declined' }),
    });
    const file = join(home.dir, 'costs.jsonl');
    writeFileSync(file, `${JSON.stringify(entry('ok', 30))}\n${JSON.stringify(entry('error', 500))}\n`);
    const rows = json<Array<{ key: string; operations: number; total: { amount: number } }>>(
      await run(['--json', '--audit-file', file, 'costs', 'report']),
    );
    expect(rows).toEqual([
      expect.objectContaining({ key: 'shop', operations: 1, total: { amount: 30, currency: 'GBP' } }),
    ]);
  });

  it('never printed a canary secret', () => {
    for (const result of outputs) expect(leakedSecrets(result.stdout + result.stderr)).toEqual([]);
  });
});
