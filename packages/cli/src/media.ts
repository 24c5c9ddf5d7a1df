import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { UsageError } from './exit-codes';

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.zip': 'application/zip',
};

/** An attachment for core's `attachmentSchema`. */
export interface MediaAttachment {
  type: 'image' | 'video' | 'audio' | 'file';
  url?: string;
  data?: Uint8Array;
  filename?: string;
  mimeType?: string;
}

/** A media flag's value as an attachment: an http(s) URL is sent by URL, anything else read as a local file. */
export async function mediaFrom(type: MediaAttachment['type'], source: string): Promise<MediaAttachment> {
  if (/^https?:\/\//i.test(source)) return { type, url: source };
  try {
    const data = new Uint8Array(await readFile(source));
    return { type, data, filename: basename(source), mimeType: MIME[extname(source).toLowerCase()] };
  } catch (error) {
    throw new UsageError(
      `Cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      'Give a readable file path or an https:// URL.',
    );
  }
}
