/**
 * What a dead letter keeps of a refused payload: enough to see what was wrong with it, never image
 * data. A device that puts a face crop, a frame or a descriptor into an event is refused by the
 * strict schemas — and its payload must not then land on the hub's disk after all.
 *
 *  - text: its first 4 KiB (`payloadHead`), with image data URLs, base64-like runs of more than 200
 *    characters and arrays of more than 32 numbers replaced by a note of their size;
 *  - anything else (not UTF-8: an image, raw pixels): its first 64 bytes, which name the format.
 */
import { payloadHead } from './ingest.ts';

const LONG_BASE64 = /[A-Za-z0-9+/_-]{201,}={0,2}/g;
const IMAGE_URL = /data:image\/[^;,"]{0,40};base64,[A-Za-z0-9+/=_-]*/g;
const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?`;
const LONG_ARRAY = new RegExp(String.raw`\[\s*${NUMBER}(?:\s*,\s*${NUMBER}){32,}\s*\]`, 'g');
const BINARY_HEAD_BYTES = 64;

export function keptPayload(payload: Uint8Array): { text: string; base64: boolean } {
  const head = payloadHead(payload);
  if (head.base64) return payloadHead(payload.subarray(0, BINARY_HEAD_BYTES));
  const text = head.text
    .replace(IMAGE_URL, (url) => `«an image data URL of ${url.length} characters not kept»`)
    .replace(LONG_BASE64, (run) => `«${run.length} base64-like characters not kept»`)
    .replace(LONG_ARRAY, (array) => `«an array of ${array.split(',').length} numbers not kept»`);
  return { text, base64: false };
}
