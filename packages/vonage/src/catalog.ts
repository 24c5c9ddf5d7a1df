import type { CatalogEntry, SipCapabilities, SipOperation } from '@infrafabric/core';

const operations: Record<SipOperation, boolean> = {
  placeCall: true,
  getCall: true,
  hangUpCall: true,
  sendSms: true,
  searchNumbers: true,
  buyNumber: true,
  releaseNumber: true,
  // The Vonage SDK has no SIP trunk API (trunks are configured in the dashboard).
  listTrunks: false,
  createTrunk: false,
  deleteTrunk: false,
  parseWebhook: true,
};

/**
 * What the Vonage provider can do when fully configured. An adapter created without a Voice
 * application (applicationId + privateKey) reports the call operations as `false`.
 */
export const vonageCapabilities: SipCapabilities = {
  operations,
  // Vonage has no idempotency key for SMS or calls: a call whose outcome is unknown is not retried.
  idempotencyKeys: false,
  answerForms: ['say', 'play', 'url', 'instructions', 'conference'],
  // The SMS API sends text only; MMS is the Messages API, not covered here.
  mms: false,
};

/** Capabilities of an adapter without a Voice application: no call operations. */
export const vonageSmsOnlyCapabilities: SipCapabilities = {
  ...vonageCapabilities,
  operations: { ...operations, placeCall: false, getCall: false, hangUpCall: false },
};

/** Static description of the Vonage provider. */
export const vonageCatalog: CatalogEntry<SipCapabilities> = {
  name: 'vonage',
  kind: 'sip',
  displayName: 'Vonage',
  packageName: '@infrafabric/vonage',
  docsUrl: 'https://developer.vonage.com/en/api',
  env: [
    {
      name: 'VONAGE_API_KEY',
      credential: 'apiKey',
      secret: false,
      required: true,
      description: 'API key, shown at the top of the Vonage API dashboard.',
    },
    {
      name: 'VONAGE_API_SECRET',
      credential: 'apiSecret',
      secret: true,
      required: true,
      description: 'API secret of that key (dashboard → API settings).',
    },
    {
      name: 'VONAGE_APPLICATION_ID',
      credential: 'applicationId',
      secret: false,
      required: false,
      description: 'Id of a Vonage application with Voice enabled; needed to place calls.',
    },
    {
      name: 'VONAGE_PRIVATE_KEY',
      credential: 'privateKey',
      secret: true,
      required: false,
      description: "That application's private key: PEM text or a path to the .key file.",
    },
    {
      name: 'VONAGE_SIGNATURE_SECRET',
      credential: 'signatureSecret',
      secret: true,
      required: false,
      description:
        'Signature secret (dashboard → API settings) that signs webhooks; needed for parseWebhook.',
    },
  ],
  capabilities: vonageCapabilities,
};
