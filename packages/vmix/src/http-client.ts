import { lazyModule } from '@infrafabric/core';
import { vmixHttpError, vmixTransportError } from './errors';
import { parseVmixState, VMIX_XML_ARRAYS, type VmixState, type XmlParse } from './mappers';

const loadKy = lazyModule('ky', () => import('ky'));
const loadXmlParser = lazyModule('fast-xml-parser', () => import('fast-xml-parser'));

/** Settings of the vMix HTTP client. */
export interface VmixHttpSettings {
  baseUrl: string;
  username?: string | undefined;
  password?: string | undefined;
  timeoutMs: number;
  fetch?: typeof fetch | undefined;
}

/** Parameters of a shortcut function call (`Input`, `Value`, `Duration`, `Mix`, ...). */
export type VmixFunctionParams = Record<string, string | number | undefined>;

/** The two things vMix's Web API does: return its XML state, and run a shortcut function. */
export interface VmixHttpClient {
  /** `GET /api`: the whole state. */
  state(operation: string, signal?: AbortSignal): Promise<VmixState>;
  /** `GET /api/?Function=<name>&...`: runs a shortcut function. */
  run(name: string, params: VmixFunctionParams, operation: string, signal?: AbortSignal): Promise<void>;
}

/** Builds `api/?Function=...` with %20 for spaces (vMix titles often contain spaces). */
export function functionPath(name: string, params: VmixFunctionParams): string {
  const query = [`Function=${encodeURIComponent(name)}`];
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) query.push(`${key}=${encodeURIComponent(String(value))}`);
  }
  return `api/?${query.join('&')}`;
}

/** Creates the client; ky and fast-xml-parser load on the first request. */
export function createVmixHttpClient(settings: VmixHttpSettings): VmixHttpClient {
  const baseUrl = `${settings.baseUrl.replace(/\/+$/, '')}/`;
  const headers: Record<string, string> = {};
  if (settings.username !== undefined && settings.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
  }
  let parse: XmlParse | undefined;

  async function get(path: string, operation: string, signal?: AbortSignal, functionName?: string) {
    const { default: ky } = await loadKy();
    let response: Response;
    try {
      response = await ky.get(path, {
        baseUrl,
        headers,
        signal,
        retry: 0,
        timeout: settings.timeoutMs,
        throwHttpErrors: false,
        ...(settings.fetch ? { fetch: settings.fetch } : {}),
      });
    } catch (error) {
      throw vmixTransportError(error, operation);
    }
    const body = await response.text().catch(() => '');
    if (!response.ok) {
      throw vmixHttpError({
        status: response.status,
        body,
        retryAfter: response.headers.get('retry-after'),
        operation,
        functionName,
      });
    }
    return body;
  }

  return {
    async state(operation, signal) {
      const xml = await get('api', operation, signal);
      if (!parse) {
        const { XMLParser } = await loadXmlParser();
        const parser = new XMLParser({
          ignoreAttributes: false,
          attributeNamePrefix: '',
          parseTagValue: false,
          parseAttributeValue: false,
          isArray: (_name: string, jpath: unknown) => VMIX_XML_ARRAYS.includes(String(jpath)),
        });
        parse = (text) => parser.parse(text) as Record<string, unknown>;
      }
      return parseVmixState(xml, parse);
    },
    async run(name, params, operation, signal) {
      await get(functionPath(name, params), operation, signal, name);
    },
  };
}
