import type { RecordedRequest } from '../msw/request-log';
import { multipartBoundary, parseMultipart } from './multipart';

/** A parameter value as it arrived: typed JSON, or text from a query string, form or multipart part. */
export type ArrivedValue = { json: unknown } | { text: string } | { file: string };

/** The request's parameters merged from query string and body, or an error message. */
export function requestParameters(request: RecordedRequest): Map<string, ArrivedValue> | string {
  const params = new Map<string, ArrivedValue>();
  for (const [key, value] of request.url.searchParams) params.set(key, { text: value });
  if (!request.body) return params;
  const contentType =
    Object.entries(request.headers).find(([key]) => key.toLowerCase() === 'content-type')?.[1] ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      return 'body is not valid JSON although Content-Type says so';
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return 'JSON body is not an object';
    for (const [key, value] of Object.entries(parsed)) params.set(key, { json: value });
  } else if (mediaType === 'application/x-www-form-urlencoded') {
    for (const [key, value] of new URLSearchParams(request.body)) params.set(key, { text: value });
  } else if (mediaType === 'multipart/form-data') {
    const boundary = multipartBoundary(contentType);
    if (!boundary) return 'multipart body without a boundary in Content-Type';
    for (const part of parseMultipart(request.body, boundary)) {
      params.set(part.name, part.filename === undefined ? { text: part.value } : { file: part.filename });
    }
  } else {
    return `unsupported Content-Type "${contentType || '(none)'}" (expected JSON, form or multipart)`;
  }
  return params;
}
