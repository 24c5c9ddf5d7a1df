import type { RecordedRequest } from '../msw/request-log';
import { isObject, type JsonObject, readSpecFile } from './document-store';
import { normalizePath } from './path-template';
import { requestLabel } from './request-label';
import { type ArrivedValue, requestParameters } from './request-params';
import type { ApiSpec } from './types';

interface TelegramField {
  name: string;
  types: string[];
  required: boolean;
}

interface TelegramType {
  fields?: TelegramField[];
  subtypes?: string[];
}

interface TelegramApi {
  methods: Record<string, { name: string; fields?: TelegramField[] }>;
  types: Record<string, TelegramType>;
}

/** The default Bot API server. */
export const TELEGRAM_API_URL = 'https://api.telegram.org';

type Outcome = { ok: true } | { ok: false; deep: boolean; problems: string[] };

const OK: Outcome = { ok: true };

/** Stands for an uploaded multipart file, which only InputFile parameters accept. */
const FILE_PART = Symbol('multipart file');

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 50 ? `${text.slice(0, 47)}...` : text;
}

/** Names of multipart parts that other parameters reference as `attach://<name>`. */
function attachedNames(params: Map<string, ArrivedValue>): Set<string> {
  const names = new Set<string>();
  for (const arrived of params.values()) {
    const text = 'text' in arrived ? arrived.text : 'json' in arrived ? JSON.stringify(arrived.json) : '';
    for (const match of text.matchAll(/attach:\/\/([^"\s,}\]]+)/g)) names.add(match[1] ?? '');
  }
  return names;
}

/**
 * Checks Bot API calls (`<serverUrl>/bot<token>/<method>`) against the community description
 * of the Bot API (PaulSonOfLars/telegram-bot-api-spec): the method exists, required parameters are
 * present, no unknown ones are sent, and values fit their documented types.
 */
export function createTelegramSpec(name: string, file: string, serverUrl = TELEGRAM_API_URL): ApiSpec {
  const api = readSpecFile(file) as unknown as TelegramApi;
  if (!isObject(api as unknown as JsonObject) || !api.methods) throw new Error(`${file} has no "methods"`);
  const methodsByLowerName = new Map(Object.values(api.methods).map((m) => [m.name.toLowerCase(), m]));
  const base = new URL(serverUrl);
  const basePath = normalizePath(base.pathname);

  function checkType(value: unknown, type: string, path: string, text: boolean, depth: number): Outcome {
    const bad = (): Outcome => ({ ok: false, deep: false, problems: [] });
    if (type.startsWith('Array of ')) {
      let list = value;
      if (text && typeof value === 'string') {
        try {
          list = JSON.parse(value);
        } catch {
          return bad();
        }
      }
      if (!Array.isArray(list)) return bad();
      const inner = type.slice('Array of '.length);
      const problems = list.flatMap((item, index) => {
        const outcome = checkUnion(item, inner.split(' or '), `${path}.${index}`, false, depth + 1);
        return outcome.ok ? [] : outcome.problems;
      });
      return problems.length ? { ok: false, deep: true, problems } : OK;
    }
    switch (type) {
      case 'Integer':
        return (text ? typeof value === 'string' && /^-?\d+$/.test(value) : Number.isInteger(value))
          ? OK
          : bad();
      case 'Float':
      case 'Float number':
        return (
          text
            ? typeof value === 'string' && Number.isFinite(Number(value)) && value.trim() !== ''
            : typeof value === 'number'
        )
          ? OK
          : bad();
      case 'Boolean':
      case 'True':
        return (text ? value === 'true' || value === 'false' : typeof value === 'boolean') ? OK : bad();
      case 'String':
        return typeof value === 'string' ? OK : bad();
      case 'InputFile':
        return typeof value === 'string' || value === FILE_PART ? OK : bad();
    }
    const definition = api.types[type];
    if (!definition) return typeof value === 'string' ? OK : bad();
    let object = value;
    if (text && typeof value === 'string') {
      try {
        object = JSON.parse(value);
      } catch {
        return bad();
      }
    }
    if (definition.subtypes?.length) return checkUnion(object, definition.subtypes, path, false, depth + 1);
    if (typeof object !== 'object' || object === null || Array.isArray(object)) return bad();
    if (depth > 12) return OK;
    const problems = checkFields(
      object as Record<string, unknown>,
      definition.fields ?? [],
      `${path}.`,
      depth + 1,
    );
    return problems.length ? { ok: false, deep: true, problems } : OK;
  }

  function checkUnion(
    value: unknown,
    types: readonly string[],
    path: string,
    text: boolean,
    depth: number,
  ): Outcome {
    const outcomes = types.map((type) => checkType(value, type, path, text, depth));
    if (outcomes.some((o) => o.ok)) return OK;
    const deep = outcomes
      .filter((o): o is Extract<Outcome, { ok: false }> => !o.ok && o.deep)
      .sort((a, b) => a.problems.length - b.problems.length)[0];
    if (deep) return deep;
    return {
      ok: false,
      deep: true,
      problems: [`field "${path}": expected ${types.join(' or ')}, got ${show(value)}`],
    };
  }

  function checkFields(
    object: Record<string, unknown>,
    fields: readonly TelegramField[],
    prefix: string,
    depth: number,
  ): string[] {
    const problems: string[] = [];
    const known = new Set(fields.map((f) => f.name));
    for (const key of Object.keys(object)) {
      if (!known.has(key)) problems.push(`unknown field "${prefix}${key}" (not in the spec)`);
    }
    for (const field of fields) {
      const value = object[field.name];
      if (value === undefined) {
        if (field.required) problems.push(`missing required field "${prefix}${field.name}"`);
        continue;
      }
      const outcome = checkUnion(value, field.types, `${prefix}${field.name}`, false, depth);
      if (!outcome.ok) problems.push(...outcome.problems);
    }
    return problems;
  }

  function checkParameters(params: Map<string, ArrivedValue>, fields: readonly TelegramField[]): string[] {
    const problems: string[] = [];
    const known = new Map(fields.map((f) => [f.name, f]));
    const attached = attachedNames(params);
    for (const [key, arrived] of params) {
      // A file part referenced as "attach://<name>" is the Bot API's documented way to upload.
      if ('file' in arrived && attached.has(key)) continue;
      if (!known.has(key)) problems.push(`unknown parameter "${key}" (not in the spec)`);
    }
    for (const field of fields) {
      const arrived = params.get(field.name);
      if (!arrived) {
        if (field.required) problems.push(`missing required parameter "${field.name}"`);
        continue;
      }
      const [value, text] =
        'json' in arrived
          ? [arrived.json, false]
          : 'text' in arrived
            ? [arrived.text, true]
            : [FILE_PART, true];
      const outcome = checkUnion(value, field.types, field.name, text, 0);
      if (!outcome.ok) problems.push(...outcome.problems.map((p) => p.replace(/^field "/, 'parameter "')));
    }
    return problems;
  }

  function checkRequest(request: RecordedRequest): string[] {
    if (request.url.origin !== base.origin)
      return [`request goes to ${request.url.origin}, not to ${base.origin}`];
    let path = normalizePath(request.url.pathname);
    if (basePath !== '/') {
      if (!path.startsWith(`${basePath}/`))
        return [`request path ${path} is not under serverUrl ${serverUrl}`];
      path = path.slice(basePath.length);
    }
    // File downloads (`/file/bot<token>/<file_path>`) are documented under getFile.
    if (/^\/file\/bot[^/]+\/.+/.test(path))
      return request.method === 'GET' ? [] : ['file downloads must use GET'];
    const match = /^\/bot([^/]+)\/([^/]+)$/.exec(path);
    if (!match) return [`path ${path} is not /bot<token>/<method>`];
    const methodName = match[2] ?? '';
    // The Bot API treats method names case-insensitively.
    const method = api.methods[methodName] ?? methodsByLowerName.get(methodName.toLowerCase());
    if (!method) return [`unknown Bot API method "${methodName}"`];
    if (request.method !== 'GET' && request.method !== 'POST')
      return [`Bot API methods take GET or POST, not ${request.method}`];
    const params = requestParameters(request);
    if (typeof params === 'string') return [params];
    return checkParameters(params, method.fields ?? []).map((p) => `${method.name}: ${p}`);
  }

  return {
    name,
    format: 'telegram',
    check(request) {
      // The token is part of the path; keep it out of test output.
      const label = requestLabel(request).replace(/\/bot[^/]+\//, '/bot<token>/');
      return checkRequest(request).map((problem) => ({ request: label, problem }));
    },
  };
}
