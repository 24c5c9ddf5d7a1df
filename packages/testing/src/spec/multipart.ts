/** One part of a `multipart/form-data` body. */
export interface MultipartPart {
  name: string;
  /** Set when the part is a file upload. */
  filename?: string;
  /** The part's text (for files: the raw content as read). */
  value: string;
}

/** The `boundary` parameter of a multipart Content-Type, if any. */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2])?.trim() : undefined;
}

/**
 * Splits a `multipart/form-data` body into its named parts. Enough to check field names and text
 * values; binary file contents are not interpreted.
 */
export function parseMultipart(body: string, boundary: string): MultipartPart[] {
  const parts: MultipartPart[] = [];
  for (const chunk of body.split(`--${boundary}`)) {
    if (chunk.startsWith('--')) break;
    const separator = chunk.indexOf('\r\n\r\n') !== -1 ? '\r\n\r\n' : '\n\n';
    const headerEnd = chunk.indexOf(separator);
    if (headerEnd === -1) continue;
    const headers = chunk.slice(0, headerEnd);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) continue;
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const value = chunk.slice(headerEnd + separator.length).replace(/\r?\n$/, '');
    parts.push(filename === undefined ? { name, value } : { name, filename, value });
  }
  return parts;
}
