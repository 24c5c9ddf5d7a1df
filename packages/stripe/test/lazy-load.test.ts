import { describe, expect, it, vi } from 'vitest';
import { CANARY_KEY, useStripeSimulator } from './harness';

const sdk = vi.hoisted(() => ({ loads: 0 }));
vi.mock('stripe', async (importOriginal) => {
  sdk.loads += 1;
  return importOriginal();
});

const { adapter } = useStripeSimulator();

describe('the SDK is loaded on first use only', () => {
  it('importing the package and creating adapters does not load stripe; the first call does, once', async () => {
    const { createStripe } = await import('../src/index');
    const stripe = createStripe({ apiKey: CANARY_KEY, baseUrl: 'https://api.stripe.com' });
    adapter();
    expect(sdk.loads).toBe(0);
    await stripe.check();
    await stripe.check();
    expect(sdk.loads).toBe(1);
  });
});
