import { describe, expect, it } from 'vitest';
import { createWhatsApp } from '../src/index';

const REQUIRED = ['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_TEST_RECIPIENT'] as const;
const missing = REQUIRED.filter((name) => !process.env[name]);
if (missing.length > 0)
  console.info(`[whatsapp live] skipped: set ${missing.join(', ')} to run against the real Cloud API`);

// WhatsApp messages cannot be deleted through the API, so this sends exactly one template
// (hello_world, which every test number has) and creates nothing else.
describe.skipIf(missing.length > 0)('whatsapp live', () => {
  // Built lazily: a skipped describe still runs its body while collecting tests.
  const live = () =>
    createWhatsApp({
      accessToken: process.env.WHATSAPP_ACCESS_TOKEN ?? '',
      phoneNumberId: process.env.WHATSAPP_PHONE_NUMBER_ID ?? '',
    });

  it('reads the phone number', async () => {
    expect((await live().check()).id).toBe(process.env.WHATSAPP_PHONE_NUMBER_ID);
  });

  it('sends the hello_world template', async () => {
    const sent = await live().sendTemplate({
      to: { chatId: process.env.WHATSAPP_TEST_RECIPIENT ?? '' },
      template: { name: 'hello_world', language: 'en_US' },
    });
    expect(sent.id).toMatch(/^wamid\./);
  });
});
