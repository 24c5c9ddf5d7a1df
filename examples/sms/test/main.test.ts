import { describe, expect, it } from 'vitest';
import { main } from '../src/main';

describe('SMS example', () => {
  it('sends via Twilio, fails over to Vonage on a 503, and never sends twice when the outcome is unknown', async () => {
    const lines: string[] = [];
    const { estimates, scenarios, sent } = await main((line) => lines.push(line));

    expect(estimates.twilio?.currency).toBe('USD');
    expect(estimates.vonage).toBeUndefined();

    const [ok, unavailable, slow] = scenarios;
    expect(ok!.result).toMatchObject({ ok: true, provider: 'twilio' });
    expect(ok!.twilioAttempts).toBe(1);

    expect(unavailable!.result).toMatchObject({ ok: true, provider: 'vonage' });
    expect(unavailable!.twilioAttempts).toBe(3);
    expect(unavailable!.result.attempts.map((a) => [a.provider, a.ok, a.error?.providerCode])).toEqual([
      ['twilio', false, '20503'],
      ['vonage', true, undefined],
    ]);

    expect(slow!.result.ok).toBe(false);
    expect(slow!.result.attempts).toHaveLength(1);
    expect(slow!.result.attempts[0]!.error).toMatchObject({ code: 'timeout', outcomeUnknown: true });
    expect(slow!.twilioAttempts).toBe(1);

    // Three scenarios, three messages: the slow one went out once, through Twilio only.
    expect(sent).toEqual({ twilio: 2, vonage: 1 });
    expect(lines).toContainEqual(expect.stringContaining('not sent again'));
  });
});
