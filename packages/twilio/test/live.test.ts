import { describe, expect, it } from 'vitest';
import { createTwilio } from '../src/index';

// Runs against the real Twilio API only when credentials are in the environment. It creates
// nothing that costs money: it reads the account, searches numbers and creates then deletes one
// Elastic SIP trunk (free while unused).
const REQUIRED = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'] as const;
const missing = REQUIRED.filter((name) => !process.env[name]);
if (missing.length > 0) console.info(`[twilio live] skipped: set ${missing.join(', ')} to run it.`);

describe.skipIf(missing.length > 0)('twilio live', () => {
  const twilio = () =>
    createTwilio({ accountSid: process.env.TWILIO_ACCOUNT_SID!, authToken: process.env.TWILIO_AUTH_TOKEN! });

  it('checks the account and searches numbers', async () => {
    const identity = await twilio().check();
    expect(identity.id).toBe(process.env.TWILIO_ACCOUNT_SID);
    const numbers = await twilio().searchNumbers({ country: 'US', limit: 2 });
    expect(Array.isArray(numbers)).toBe(true);
  });

  it('creates, lists and deletes a SIP trunk', async () => {
    const trunk = await twilio().createTrunk({ name: `infrafabric-live-${Date.now()}` });
    try {
      expect((await twilio().listTrunks()).map((t) => t.id)).toContain(trunk.id);
    } finally {
      await twilio().deleteTrunk({ id: trunk.id });
    }
  });
});
