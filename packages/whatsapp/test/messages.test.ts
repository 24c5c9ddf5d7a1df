import { DeclinedError, NotFoundError, RateLimitError, ValidationError } from '@infrafabric/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createWhatsApp } from '../src/index';
import errors from './__fixtures__/errors.json' with { type: 'json' };
import { rejection, useWhatsAppSimulator } from './setup';
import {
  CANARY_TOKEN,
  CLOSED_WINDOW,
  NOT_ON_WHATSAPP,
  OPEN_WINDOW,
  PHONE_NUMBER_ID,
  SIM_URL,
} from './simulator';

const { simulator, server, requests, adapter } = useWhatsAppSimulator();

const lastBody = async () => {
  await requests.settled();
  return JSON.parse(requests.requests.at(-1)!.body) as Record<string, unknown>;
};

describe('check', () => {
  it('reads the phone number with the requested fields', async () => {
    expect(await adapter.check()).toEqual({
      id: PHONE_NUMBER_ID,
      name: 'InfraFabric Test',
      details: { displayPhoneNumber: '+1 555-010-0199', verifiedName: 'InfraFabric Test' },
    });
    expect(requests.requests[0]?.url.searchParams.get('fields')).toBe('display_phone_number,verified_name');
    expect(requests.requests[0]?.url.pathname).toBe(`/v23.0/${PHONE_NUMBER_ID}`);
  });

  it('uses the configured API version and maps an unknown phone-number id to NotFoundError', async () => {
    const other = createWhatsApp({ accessToken: CANARY_TOKEN, phoneNumberId: '999' }, { baseUrl: SIM_URL });
    const error = await rejection(other.check());
    expect(NotFoundError.isInstance(error) && error.providerCode).toBe('100/33');
    server.use(
      http.get(`${SIM_URL}/v21.0/:id`, ({ params }) =>
        HttpResponse.json({ id: params.id, verified_name: 'Old API' }),
      ),
    );
    const old = createWhatsApp(
      { accessToken: CANARY_TOKEN, phoneNumberId: PHONE_NUMBER_ID },
      { baseUrl: SIM_URL, apiVersion: 'v21.0' },
    );
    expect((await old.check()).name).toBe('Old API');
    expect(requests.requests.at(-1)?.url.pathname).toBe(`/v21.0/${PHONE_NUMBER_ID}`);
  });
});

describe('sendMessage', () => {
  it('sends text with messaging_product, recipient, preview_url and the Bearer token', async () => {
    const sent = await adapter.sendMessage({
      to: { chatId: '+1 (650) 555-1234' },
      text: 'Hi https://x.example',
    });
    expect(await lastBody()).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: OPEN_WINDOW,
      type: 'text',
      text: { body: 'Hi https://x.example', preview_url: false },
    });
    expect(requests.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY_TOKEN}`);
    expect(sent).toEqual({ id: simulator.state.sent.at(-1)?.id, chatId: OPEN_WINDOW });
  });

  it('converts markdown, sets a link preview on request and replies with context.message_id', async () => {
    await adapter.sendMessage({
      to: { chatId: OPEN_WINDOW },
      text: '**Shipped** ~~late~~',
      format: 'markdown',
      replyTo: 'wamid.PREVIOUS',
      providerOptions: { whatsapp: { previewUrl: true } },
    });
    expect(await lastBody()).toMatchObject({
      context: { message_id: 'wamid.PREVIOUS' },
      text: { body: '*Shipped* ~late~', preview_url: true },
    });
  });

  it('sends a template from providerOptions.whatsapp.template', async () => {
    const sent = await adapter.sendMessage({
      to: { chatId: CLOSED_WINDOW },
      text: '(template)',
      providerOptions: {
        whatsapp: {
          template: {
            name: 'order_update',
            language: 'de',
            components: [{ type: 'body', parameters: [{ type: 'text', text: '42' }] }],
          },
        },
      },
    });
    expect(await lastBody()).toMatchObject({
      type: 'template',
      template: {
        name: 'order_update',
        language: { policy: 'deterministic', code: 'de' },
        components: [{ type: 'body' }],
      },
    });
    expect(sent.id).toMatch(/^wamid\./);
  });

  it('tells the user to send a template when the 24-hour window is closed (131047)', async () => {
    const error = await rejection(
      adapter.sendMessage({ to: { chatId: CLOSED_WINDOW }, text: 'hello again' }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      providerCode: '131047',
      field: 'providerOptions.whatsapp.template',
      rule: 'reengagement_window',
      retryable: false,
    });
    expect((error as Error).message).toContain('template');
  });

  it('maps undeliverable (131026) to DeclinedError and unknown templates to ValidationError', async () => {
    expect(
      DeclinedError.isInstance(
        await rejection(adapter.sendMessage({ to: { chatId: NOT_ON_WHATSAPP }, text: 'x' })),
      ),
    ).toBe(true);
    const template = await rejection(
      adapter.sendTemplate({ to: { chatId: OPEN_WINDOW }, template: { name: 'nope', language: 'en_US' } }),
    );
    expect(ValidationError.isInstance(template) && template.providerCode).toBe('132001');
  });

  it('validates before any request: recipient, threads, html, text length, provider options', async () => {
    const cases: Array<[Parameters<typeof adapter.sendMessage>[0], string]> = [
      [{ to: { chatId: 'general' }, text: 'x' }, 'to.chatId'],
      [{ to: { chatId: OPEN_WINDOW, threadId: '1' }, text: 'x' }, 'to.threadId'],
      [{ to: { chatId: OPEN_WINDOW }, text: '<b>x</b>', format: 'html' }, 'format'],
      [{ to: { chatId: OPEN_WINDOW }, text: 'x'.repeat(4097) }, 'text'],
      [
        {
          to: { chatId: OPEN_WINDOW },
          text: 'x',
          providerOptions: { whatsapp: { template: { name: 'a' } } },
        },
        'providerOptions.whatsapp.template.language',
      ],
      [
        { to: { chatId: OPEN_WINDOW }, text: 'x', providerOptions: { whatsapp: { unknown: 1 } } },
        'providerOptions.whatsapp',
      ],
    ];
    for (const [input, field] of cases) {
      const error = await rejection(adapter.sendMessage(input));
      expect(ValidationError.isInstance(error), field).toBe(true);
      expect((error as ValidationError).field).toContain(field);
    }
    expect(requests.requests).toHaveLength(0);
  });

  it('sends attachments as follow-up media messages', async () => {
    const sent = await adapter.sendMessage({
      to: { chatId: OPEN_WINDOW },
      text: 'invoice',
      attachments: [{ type: 'file', url: 'https://example.com/i.pdf' }],
    });
    expect(sent.additionalIds).toEqual([simulator.state.sent.at(-1)?.id]);
    expect(simulator.state.sent.at(-1)).toMatchObject({
      type: 'document',
      payload: { document: { link: 'https://example.com/i.pdf' } },
    });
  });
});

describe('sendMedia', () => {
  it('sends media by link with a converted caption', async () => {
    await adapter.sendMedia({
      to: { chatId: OPEN_WINDOW },
      media: { type: 'video', url: 'https://example.com/v.mp4' },
      caption: '**new**',
      format: 'markdown',
    });
    expect(await lastBody()).toMatchObject({
      type: 'video',
      video: { link: 'https://example.com/v.mp4', caption: '*new*' },
    });
  });

  it('uploads bytes as multipart, then sends by media id with the document filename', async () => {
    const sent = await adapter.sendMedia({
      to: { chatId: OPEN_WINDOW },
      media: {
        type: 'file',
        data: new TextEncoder().encode('%PDF-1.7'),
        mimeType: 'application/pdf',
        filename: 'invoice.pdf',
      },
    });
    await requests.settled();
    const [upload, message] = requests.requests;
    expect(upload?.url.pathname).toBe(`/v23.0/${PHONE_NUMBER_ID}/media`);
    expect(upload?.headers['content-type']).toMatch(/^multipart\/form-data/);
    const [mediaId, stored] = [...simulator.state.media.entries()].at(-1)!;
    expect(stored).toEqual({ type: 'application/pdf', filename: 'invoice.pdf', size: 8 });
    expect(JSON.parse(message!.body)).toMatchObject({
      type: 'document',
      document: { id: mediaId, filename: 'invoice.pdf' },
    });
    expect(sent.id).toMatch(/^wamid\./);
  });

  it('rejects uploads without a MIME type, audio captions and long captions before any request', async () => {
    const noMime = await rejection(
      adapter.sendMedia({ to: { chatId: OPEN_WINDOW }, media: { type: 'image', data: new Uint8Array([1]) } }),
    );
    expect(noMime).toMatchObject({ field: 'media.mimeType', rule: 'required' });
    const audio = await rejection(
      adapter.sendMedia({
        to: { chatId: OPEN_WINDOW },
        media: { type: 'audio', url: 'https://e.x/a.mp3' },
        caption: 'no',
      }),
    );
    expect(audio).toMatchObject({ field: 'caption', rule: 'not_supported' });
    const long = await rejection(
      adapter.sendMedia({
        to: { chatId: OPEN_WINDOW },
        media: { type: 'image', url: 'https://e.x/a.jpg' },
        caption: 'c'.repeat(1025),
      }),
    );
    expect(long).toMatchObject({ field: 'caption', rule: 'max_length' });
    expect(requests.requests).toHaveLength(0);
  });

  it('surfaces Meta rejecting an upload type', async () => {
    const error = await rejection(
      adapter.sendMedia({
        to: { chatId: OPEN_WINDOW },
        media: { type: 'file', data: new Uint8Array([77, 90]), mimeType: 'application/x-msdownload' },
      }),
    );
    expect(error).toMatchObject({ providerCode: '131053', operation: 'sendMedia' });
  });
});

describe('markAsRead', () => {
  it('posts status read for the message id, with an optional typing indicator', async () => {
    await adapter.markAsRead({ messageId: 'wamid.INBOUND1', typing: true });
    expect(await lastBody()).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.INBOUND1',
      typing_indicator: { type: 'text' },
    });
    expect(simulator.state.read).toEqual(['wamid.INBOUND1']);
  });
});

describe('error mapping and transport', () => {
  it('maps 130429 to RateLimitError with the X-Business-Use-Case-Usage wait', async () => {
    server.use(
      http.post(`${SIM_URL}/*`, () =>
        HttpResponse.json(errors.throughput, {
          status: 400,
          headers: {
            'x-business-use-case-usage': JSON.stringify({
              '1': [{ type: 'whatsapp', estimated_time_to_regain_access: 2 }],
            }),
          },
        }),
      ),
    );
    const error = await rejection(adapter.sendMessage({ to: { chatId: OPEN_WINDOW }, text: 'x' }));
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(120_000);
  });

  it('maps an expired token (190) to AuthenticationError without echoing it', async () => {
    const other = createWhatsApp(
      { accessToken: 'EAAGsomeOtherRevokedToken123456789', phoneNumberId: PHONE_NUMBER_ID },
      { baseUrl: SIM_URL },
    );
    const error = (await rejection(
      other.sendMessage({ to: { chatId: OPEN_WINDOW }, text: 'x' }),
    )) as Error & { providerCode: string };
    expect(error.name).toBe('AuthenticationError');
    expect(error.providerCode).toBe('190/463');
    expect(error.message).not.toContain('EAAGsomeOtherRevokedToken123456789');
  });

  it('keeps the status of a non-Graph 502 and marks it retryable', async () => {
    server.use(
      http.post(`${SIM_URL}/*`, () => new HttpResponse('<html>bad gateway</html>', { status: 502 })),
    );
    const error = await rejection(adapter.sendMessage({ to: { chatId: OPEN_WINDOW }, text: 'x' }));
    expect(error).toMatchObject({ code: 'provider', status: 502, retryable: true });
  });

  it('does not retry on its own and honours the abort signal', async () => {
    let calls = 0;
    server.use(
      http.post(`${SIM_URL}/*`, () => {
        calls += 1;
        return HttpResponse.json(errors.serviceUnavailable, { status: 503 });
      }),
    );
    const error = await rejection(adapter.sendMessage({ to: { chatId: OPEN_WINDOW }, text: 'x' }));
    expect(error).toMatchObject({ code: 'provider', retryable: true, providerCode: '2' });
    expect(calls).toBe(1);

    server.use(http.post(`${SIM_URL}/*`, () => new Promise<Response>(() => undefined)));
    const controller = new AbortController();
    const pending = rejection(
      adapter.sendMessage({ to: { chatId: OPEN_WINDOW }, text: 'x' }, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ code: 'timeout' });
  });

  it('offers no history, groups, edits or deletes', () => {
    const ops = adapter.capabilities.operations;
    expect([
      ops.getHistory,
      ops.createGroup,
      ops.addMember,
      ops.getGroupInfo,
      ops.editMessage,
      ops.deleteMessage,
    ]).toEqual([false, false, false, false, false, false]);
  });
});
