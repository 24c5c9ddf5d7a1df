import { describe, expect, it } from 'vitest';
import { createVonage } from '../src/index';

// Runs against the real Vonage API only when credentials are in the environment. It creates
// nothing and spends nothing: it reads the balance and searches numbers (buying, texting and
// calling cost money, so they stay in the simulator tests).
const REQUIRED = ['VONAGE_API_KEY', 'VONAGE_API_SECRET'] as const;
const missing = REQUIRED.filter((name) => !process.env[name]);
if (missing.length > 0) console.info(`[vonage live] skipped: set ${missing.join(', ')} to run it.`);

describe.skipIf(missing.length > 0)('vonage live', () => {
  const vonage = () =>
    createVonage({ apiKey: process.env.VONAGE_API_KEY!, apiSecret: process.env.VONAGE_API_SECRET! });

  it('checks the account and searches numbers', async () => {
    expect((await vonage().check()).id).toBe(process.env.VONAGE_API_KEY);
    const numbers = await vonage().searchNumbers({ country: 'GB', type: 'mobile', limit: 2 });
    expect(Array.isArray(numbers)).toBe(true);
  });
});
