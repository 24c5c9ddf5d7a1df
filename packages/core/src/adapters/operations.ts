import { z } from 'zod';
import * as chat from '../schemas/chat';
import * as cloud from '../schemas/cloud';
import * as device from '../schemas/device';
import * as payment from '../schemas/payment';
import * as production from '../schemas/production';
import * as sip from '../schemas/sip';
import type { AdapterKind } from './adapter';

const none = z.object({}).strict().default({});

/** How the dispatcher treats one operation. */
export interface OperationSpec {
  /** Schema of its single input argument. */
  input: z.ZodType;
  /** Part of the kind's required contract (every adapter of the kind has it). */
  required: boolean;
  /** Changes state at the provider: carries an idempotency key; never retried blindly where there is none. */
  mutating: boolean;
}

const op = (input: z.ZodType, flags: { required?: boolean; mutating?: boolean } = {}): OperationSpec => ({
  input,
  required: flags.required ?? false,
  mutating: flags.mutating ?? false,
});

/**
 * Every dispatchable operation of every kind with its input schema. Inbound operations
 * (`parseWebhook`, `receive`, `events`, `watchStates`) are streams or request handlers, not
 * commands, and are absent here.
 */
export const OPERATION_SPECS: Readonly<Record<AdapterKind, Readonly<Record<string, OperationSpec>>>> = {
  chat: {
    check: op(none, { required: true }),
    sendMessage: op(chat.sendMessageInputSchema, { required: true, mutating: true }),
    sendMedia: op(chat.sendMediaInputSchema, { mutating: true }),
    editMessage: op(chat.editMessageInputSchema, { mutating: true }),
    deleteMessage: op(chat.deleteMessageInputSchema, { mutating: true }),
    getHistory: op(chat.getHistoryInputSchema),
    createGroup: op(chat.createGroupInputSchema, { mutating: true }),
    addMember: op(chat.addMemberInputSchema, { mutating: true }),
    getGroupInfo: op(chat.getGroupInfoInputSchema),
    setWebhook: op(chat.setWebhookInputSchema, { mutating: true }),
  },
  cloud: {
    check: op(none, { required: true }),
    listServers: op(cloud.listServersInputSchema.default({}), { required: true }),
    getServer: op(cloud.serverRefSchema, { required: true }),
    createServer: op(cloud.serverSpecSchema, { required: true, mutating: true }),
    destroyServer: op(cloud.serverRefSchema, { required: true, mutating: true }),
    rebootServer: op(cloud.serverRefSchema, { mutating: true }),
    waitForServer: op(cloud.waitForServerInputSchema),
    listSizes: op(cloud.listCatalogInputSchema.default({})),
    listImages: op(cloud.listCatalogInputSchema.default({})),
    listRegions: op(none),
  },
  sip: {
    check: op(none, { required: true }),
    placeCall: op(sip.placeCallInputSchema, { mutating: true }),
    getCall: op(sip.callRefSchema),
    hangUpCall: op(sip.callRefSchema, { mutating: true }),
    sendSms: op(sip.sendSmsInputSchema, { mutating: true }),
    searchNumbers: op(sip.searchNumbersInputSchema),
    buyNumber: op(sip.numberRefSchema, { mutating: true }),
    releaseNumber: op(sip.numberRefSchema, { mutating: true }),
    listTrunks: op(none),
    createTrunk: op(sip.createTrunkInputSchema, { mutating: true }),
    deleteTrunk: op(sip.trunkRefSchema, { mutating: true }),
  },
  payment: {
    check: op(none, { required: true }),
    createPayment: op(payment.createPaymentInputSchema, { required: true, mutating: true }),
    getPayment: op(payment.paymentRefSchema, { required: true }),
    refundPayment: op(payment.refundPaymentInputSchema, { required: true, mutating: true }),
    capturePayment: op(payment.capturePaymentInputSchema, { mutating: true }),
    cancelPayment: op(payment.paymentRefSchema, { mutating: true }),
    findPayment: op(payment.findPaymentInputSchema),
    createCustomer: op(payment.createCustomerInputSchema, { mutating: true }),
    getCustomer: op(payment.customerRefSchema),
    createSubscription: op(payment.createSubscriptionInputSchema, { mutating: true }),
    cancelSubscription: op(payment.cancelSubscriptionInputSchema, { mutating: true }),
  },
  production: {
    check: op(none, { required: true }),
    listScenes: op(none, { required: true }),
    setProgramScene: op(production.sceneRefSchema, { required: true, mutating: true }),
    setPreviewScene: op(production.sceneRefSchema, { mutating: true }),
    transition: op(production.transitionInputSchema.default({}), { mutating: true }),
    listInputs: op(none),
    setInputMute: op(production.setInputMuteInputSchema, { mutating: true }),
    setInputVolume: op(production.setInputVolumeInputSchema, { mutating: true }),
    createScene: op(production.createSceneInputSchema, { mutating: true }),
    createInput: op(production.createInputInputSchema, { mutating: true }),
    setOverlay: op(production.setOverlayInputSchema, { mutating: true }),
    startStream: op(none, { mutating: true }),
    stopStream: op(none, { mutating: true }),
    getStreamStatus: op(none),
    startRecord: op(none, { mutating: true }),
    stopRecord: op(none, { mutating: true }),
    getRecordStatus: op(none),
    getStats: op(none),
  },
  device: {
    check: op(none, { required: true }),
    listEntities: op(none, { required: true }),
    getEntity: op(device.entityRefSchema, { required: true }),
    callService: op(device.callServiceInputSchema, { required: true, mutating: true }),
    listAreas: op(none),
    listDevices: op(none),
  },
};

/** Looks up an operation's spec; undefined for an operation the kind does not have. */
export function operationSpec(kind: AdapterKind, operation: string): OperationSpec | undefined {
  return Object.hasOwn(OPERATION_SPECS[kind], operation) ? OPERATION_SPECS[kind][operation] : undefined;
}
