import type { CatalogEntry, ProductionCapabilities } from '@infrafabric/core';

/**
 * What the OBS adapter can do. `preview` here is the static answer ("only in Studio Mode");
 * an adapter instance reports the live one.
 */
export const OBS_CAPABILITIES: ProductionCapabilities = {
  operations: {
    setPreviewScene: true,
    transition: true,
    listInputs: true,
    setInputMute: true,
    setInputVolume: true,
    createScene: true,
    createInput: true,
    // vMix overlay channels have no OBS counterpart.
    setOverlay: false,
    startStream: true,
    stopStream: true,
    getStreamStatus: true,
    startRecord: true,
    stopRecord: true,
    getRecordStatus: true,
    getStats: true,
    events: true,
  },
  preview: false,
  // obs-websocket has no idempotency keys: a request whose answer was lost is not retried.
  idempotencyKeys: false,
};

/** Static description of the OBS provider (readable without loading obs-websocket-js). */
export const obsCatalog: CatalogEntry<ProductionCapabilities> = {
  name: 'obs',
  kind: 'production',
  displayName: 'OBS Studio',
  packageName: '@infrafabric/obs',
  docsUrl: 'https://github.com/obsproject/obs-websocket/blob/master/docs/generated/protocol.md',
  env: [
    {
      name: 'OBS_WEBSOCKET_URL',
      credential: 'url',
      secret: false,
      required: false,
      description:
        'obs-websocket server URL (OBS → Tools → WebSocket Server Settings); default ws://127.0.0.1:4455.',
    },
    {
      name: 'OBS_WEBSOCKET_PASSWORD',
      credential: 'password',
      secret: true,
      required: false,
      description:
        'obs-websocket server password (same dialog, "Show Connect Info"); omit when authentication is off.',
    },
  ],
  capabilities: OBS_CAPABILITIES,
};
