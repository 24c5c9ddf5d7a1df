import type { RecordedRequest } from '../msw/request-log';
import { describeErrors, validateAgainst } from './ajv-validator';
import { acceptsArray, type CoerceOptions, coerceToSchema } from './coerce';
import { decodeForm, splitFormKey } from './form-decode';
import { multipartBoundary, parseMultipart } from './multipart';
import {
  type BodyContent,
  type CompiledOperation,
  indexOperations,
  type OperationEntry,
  type ParameterDefinition,
} from './openapi-operations';
import { bySpecificity, compilePathTemplate, normalizePath } from './path-template';
import { requestLabel } from './request-label';
import type { ApiSpec } from './types';

/** Headers every HTTP client sends; OpenAPI says header parameters with these names are ignored. */
const STANDARD_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'authorization',
  'connection',
  'content-length',
  'content-type',
  'cookie',
  'host',
  'user-agent',
]);

/** Creates the checker for an OpenAPI 3.x (`swagger2: false`) or Swagger 2.0 document. */
export function createOpenApiSpec(
  name: string,
  file: string,
  swagger2: boolean,
  serverUrl?: string,
): ApiSpec {
  const { entries, prefixes, queryCredentials } = indexOperations(file, swagger2);
  const prefixTemplates = prefixes.map((prefix) => compilePathTemplate(prefix));
  const base = serverUrl ? new URL(serverUrl) : undefined;
  const basePath = base ? normalizePath(base.pathname) : '/';

  /** The request path relative to the spec's paths, in the order worth trying. */
  function candidatePaths(url: URL): string[] | string {
    let path = normalizePath(url.pathname);
    if (base) {
      if (url.origin !== base.origin) return `request goes to ${url.origin}, not to serverUrl ${base.origin}`;
      if (basePath !== '/' && path !== basePath && !path.startsWith(`${basePath}/`)) {
        return `request path ${path} is not under serverUrl ${serverUrl}`;
      }
      path = basePath === '/' ? path : normalizePath(path.slice(basePath.length));
    }
    const stripped: string[] = [];
    const segments = path.split('/').slice(1);
    for (const prefix of prefixTemplates) {
      const length = normalizePath(prefix.template).split('/').length - 1;
      if (segments.length >= length && prefix.match(`/${segments.slice(0, length).join('/')}`)) {
        stripped.push(`/${segments.slice(length).join('/')}`);
      }
    }
    return base ? [path, ...stripped] : [...stripped, path];
  }

  function findOperation(
    request: RecordedRequest,
  ): { entry: OperationEntry; params: Record<string, string> } | string {
    const candidates = candidatePaths(request.url);
    if (typeof candidates === 'string') return candidates;
    const method = request.method.toUpperCase();
    for (const path of candidates) {
      const matching = entries
        .map((entry) => ({ entry, params: entry.path.match(path) }))
        .filter(
          (found): found is { entry: OperationEntry; params: Record<string, string> } => !!found.params,
        );
      if (matching.length === 0) continue;
      const sameMethod = matching.filter(({ entry }) => entry.method === method);
      if (sameMethod.length === 0) {
        const templates = [...new Set(matching.map(({ entry }) => entry.path.template))].join(', ');
        const allowed = [...new Set(matching.map(({ entry }) => entry.method))].join(', ');
        return `method ${method} is not defined for ${templates} (the spec allows ${allowed})`;
      }
      sameMethod.sort((a, b) => bySpecificity(a.entry.path, b.entry.path));
      return sameMethod[0]!;
    }
    return `no path in ${name} matches ${candidates[0] ?? request.url.pathname}`;
  }

  return {
    name,
    format: swagger2 ? 'swagger2' : 'openapi',
    check(request) {
      const label = requestLabel(request);
      const found = findOperation(request);
      if (typeof found === 'string') return [{ request: label, problem: found }];
      const operation = found.entry.compile();
      const where = `${found.entry.method} ${found.entry.path.template}`;
      const problems = [
        ...checkPathParameters(operation, found.params),
        ...checkQuery(operation, request.url.searchParams, queryCredentials),
        ...checkHeaders(operation, request.headers),
        ...checkBody(operation, request),
      ];
      return problems.map((problem) => ({ request: label, problem: `${problem} [${where}]` }));
    },
  } satisfies ApiSpec;
}

function validateValue(param: ParameterDefinition, raw: unknown, label: string): string[] {
  let value = raw;
  if (
    param.separator !== undefined &&
    typeof value === 'string' &&
    acceptsArray(param.schema, param.schema)
  ) {
    value = value.split(param.separator);
  }
  const data = coerceToSchema(value, param.schema, param.schema);
  return describeErrors(validateAgainst(param.schema, data), label, data);
}

function checkPathParameters(operation: CompiledOperation, values: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const param of operation.parameters.filter((p) => p.in === 'path')) {
    const value = values[param.name];
    if (value === undefined) continue;
    if (value === '') problems.push(`path parameter "${param.name}" is empty`);
    else problems.push(...validateValue(param, value, `path parameter "${param.name}"`));
  }
  return problems;
}

function checkQuery(
  operation: CompiledOperation,
  search: URLSearchParams,
  credentials: Set<string>,
): string[] {
  const problems: string[] = [];
  const params = operation.parameters.filter((p) => p.in === 'query');
  const exact = new Map(params.map((p) => [p.name, p]));
  const nested = new URLSearchParams();
  for (const key of new Set(search.keys())) {
    if (exact.has(key) || credentials.has(key)) continue;
    const root = splitFormKey(key)[0] ?? key;
    if (exact.has(root)) for (const value of search.getAll(key)) nested.append(key, value);
    else problems.push(`unknown query parameter "${key}" (not in the spec)`);
  }
  const decoded = decodeForm(nested);
  for (const param of params) {
    const values = search.getAll(param.name);
    const value = values.length > 1 ? values : values.length === 1 ? values[0] : decoded[param.name];
    if (value === undefined) {
      if (param.required) problems.push(`missing required query parameter "${param.name}"`);
      continue;
    }
    problems.push(...validateValue(param, value, `query parameter "${param.name}"`));
  }
  return problems;
}

function checkHeaders(operation: CompiledOperation, headers: Record<string, string>): string[] {
  const lower = new Map(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const problems: string[] = [];
  for (const param of operation.parameters.filter((p) => p.in === 'header')) {
    const key = param.name.toLowerCase();
    if (STANDARD_HEADERS.has(key)) continue;
    const value = lower.get(key);
    // Slack's spec models its bearer token as a required `token` header; clients send Authorization.
    if (value === undefined && key === 'token' && lower.has('authorization')) continue;
    if (value === undefined) {
      if (param.required) problems.push(`missing required header "${param.name}"`);
      continue;
    }
    problems.push(...validateValue(param, value, `header "${param.name}"`));
  }
  return problems;
}

function mediaTypeOf(headers: Record<string, string>): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === 'content-type')?.[1];
}

function findContent(contents: readonly BodyContent[], mediaType: string): BodyContent | undefined {
  const [type] = mediaType.split('/');
  return (
    contents.find((c) => c.mediaType.split(';')[0]?.trim() === mediaType) ??
    contents.find((c) => c.mediaType === `${type}/*`) ??
    contents.find((c) => c.mediaType === '*/*') ??
    (mediaType.endsWith('+json') ? contents.find((c) => c.mediaType === 'application/json') : undefined)
  );
}

function decodeBody(content: BodyContent, request: RecordedRequest, contentType: string): unknown | Error {
  const mediaType = content.mediaType;
  if (mediaType.includes('json')) {
    try {
      return JSON.parse(request.body) as unknown;
    } catch {
      return new Error('body is not valid JSON although Content-Type says so');
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') return decodeForm(request.body);
  if (mediaType === 'multipart/form-data') {
    const boundary = multipartBoundary(contentType);
    if (!boundary) return new Error('multipart body without a boundary in Content-Type');
    const fields: Record<string, unknown> = {};
    for (const part of parseMultipart(request.body, boundary)) {
      const value = part.filename === undefined ? part.value : `<file ${part.filename}>`;
      const existing = fields[part.name];
      fields[part.name] =
        existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return fields;
  }
  return undefined;
}

function checkBody(operation: CompiledOperation, request: RecordedRequest): string[] {
  const hasBody = request.body.length > 0;
  if (!operation.body) {
    return hasBody ? ['request has a body but the spec defines no request body for this operation'] : [];
  }
  if (!hasBody) return operation.body.required ? ['missing required request body'] : [];
  const contentType = mediaTypeOf(request.headers);
  if (!contentType) return ['request has a body but no Content-Type header'];
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const content = findContent(operation.body.contents, mediaType);
  if (!content) {
    const accepted = operation.body.contents.map((c) => c.mediaType).join(', ');
    return [`Content-Type ${mediaType} is not accepted (the spec accepts ${accepted})`];
  }
  const decoded = decodeBody(content, request, contentType);
  if (decoded instanceof Error) return [decoded.message];
  if (decoded === undefined) return [];
  const options: CoerceOptions = {};
  if (content.mediaType === 'multipart/form-data') options.parseJsonText = true;
  if (content.fromFormData) options.stringifyStructured = true;
  const needsCoercion = !content.mediaType.includes('json') || content.fromFormData;
  const data = needsCoercion ? coerceToSchema(decoded, content.schema, content.schema, options) : decoded;
  return describeErrors(validateAgainst(content.schema, data), 'body', data);
}
