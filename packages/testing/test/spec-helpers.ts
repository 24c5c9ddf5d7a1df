import type { RecordedRequest } from '../src/msw/request-log';
import { encodeForm, type FormValue } from '../src/spec/form-decode';

/** A recorded request with a JSON body. */
export function jsonRequest(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): RecordedRequest {
  return {
    method,
    url: new URL(url),
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** A recorded request with an `application/x-www-form-urlencoded` body, nested keys qs-style. */
export function formRequest(
  method: string,
  url: string,
  body: Record<string, FormValue> | string,
  headers: Record<string, string> = {},
): RecordedRequest {
  return {
    method,
    url: new URL(url),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof body === 'string' ? body : encodeForm(body),
  };
}

/** A recorded request with a `multipart/form-data` body; `files` become file parts. */
export function multipartRequest(
  url: string,
  fields: Record<string, string>,
  files: Record<string, string> = {},
): RecordedRequest {
  const boundary = '----infrafabric-test-boundary';
  const parts = [
    ...Object.entries(fields).map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    ),
    ...Object.entries(files).map(
      ([name, filename]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\nBINARY\r\n`,
    ),
  ];
  return {
    method: 'POST',
    url: new URL(url),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: `${parts.join('')}--${boundary}--\r\n`,
  };
}

/** The problems only, for compact assertions. */
export function problemsOf(mismatches: ReadonlyArray<{ problem: string }>): string[] {
  return mismatches.map((m) => m.problem);
}
