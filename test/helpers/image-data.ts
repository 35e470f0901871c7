/**
 * Finds image-like data in bytes a process wrote, stored or sent: the privacy tests' probe.
 *
 *  - encoded images by their magic bytes: JPEG, PNG, GIF, WebP, BMP — raw, or base64 (or a data: URL);
 *  - base64 blobs longer than a small bound (a face crop or a 128-d descriptor is thousands of characters);
 *  - long numeric arrays, as JSON: a face descriptor (128 numbers), landmarks (68 × 2), keypoints;
 *  - raw pixel runs: a stretch of bytes the size of a small crop that is as smooth as an image
 *    (each byte close to the same colour of the next pixel), unlike text and SQLite records.
 *
 * Each finding says what and where, so a failing test shows it. The probe is itself tested
 * (image-data.test.ts) on real images, real frames and clean SQLite files.
 */
export interface Finding {
  kind: string;
  offset: number;
  sample: string;
}

/** Base64 longer than this is a blob (ids, hashes and salts in our data are under 100 characters). */
export const MAX_BASE64_CHARS = 200;
/** A JSON array of more numbers than this is a dump (the busy-hours heatmap holds 24). */
export const MAX_NUMBERS_IN_ARRAY = 32;
/** Raw pixels longer than this are an image (a 64 × 64 RGB crop is 12 KiB; a 640 × 480 frame 900 KiB). */
export const MAX_RAW_PIXEL_BYTES = 8 * 1024;

const BLOCK = 1024;

function indexesOf(bytes: Uint8Array, pattern: readonly number[], from = 0): number[] {
  const found: number[] = [];
  outer: for (let i = from; i <= bytes.length - pattern.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    found.push(i);
  }
  return found;
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const hex = (bytes: Uint8Array, at: number) => Buffer.from(bytes.subarray(at, at + 16)).toString('hex');
const u32 = (bytes: Uint8Array, at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);

/** Encoded images by their file signatures. */
export function findImageSignatures(bytes: Uint8Array): Finding[] {
  const findings: Finding[] = [];
  // JPEG: SOI then a marker that starts a real file (APPn, DQT, SOF, DHT, COM).
  for (const at of indexesOf(bytes, [0xff, 0xd8, 0xff])) {
    const marker = bytes[at + 3];
    if (marker !== undefined && ((marker >= 0xe0 && marker <= 0xef) || [0xdb, 0xc0, 0xc2, 0xc4, 0xfe].includes(marker))) findings.push({ kind: 'jpeg', offset: at, sample: hex(bytes, at) });
  }
  for (const at of indexesOf(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) findings.push({ kind: 'png', offset: at, sample: hex(bytes, at) });
  for (const signature of ['GIF87a', 'GIF89a']) for (const at of indexesOf(bytes, ascii(signature))) findings.push({ kind: 'gif', offset: at, sample: hex(bytes, at) });
  for (const at of indexesOf(bytes, ascii('WEBP'))) {
    if (at >= 8 && String.fromCharCode(...bytes.subarray(at - 8, at - 4)) === 'RIFF') findings.push({ kind: 'webp', offset: at - 8, sample: hex(bytes, at - 8) });
  }
  // BMP: "BM", file size, 4 reserved zero bytes, pixel offset, then a known DIB header size.
  for (const at of indexesOf(bytes, ascii('BM'))) {
    if (at + 18 > bytes.length) continue;
    const reservedZero = u32(bytes, at + 6) === 0;
    const dib = u32(bytes, at + 14);
    const pixels = u32(bytes, at + 10);
    if (reservedZero && [12, 40, 52, 56, 64, 108, 124].includes(dib) && pixels >= 14 + dib && pixels < 1 << 20) findings.push({ kind: 'bmp', offset: at, sample: hex(bytes, at) });
  }
  return findings;
}

/** Base64 blobs, base64-encoded images and data: URLs, in bytes read as Latin-1 text. */
export function findBase64(text: string, maxChars = MAX_BASE64_CHARS): Finding[] {
  const findings: Finding[] = [];
  for (const match of text.matchAll(/[A-Za-z0-9+/_-]{24,}={0,2}/g)) {
    const run = match[0];
    if (run.length > maxChars) findings.push({ kind: `base64 (${run.length} chars)`, offset: match.index, sample: run.slice(0, 40) });
    // Whatever its length: does it decode to the start of an image?
    const head = Buffer.from(run.slice(0, 64).replaceAll('-', '+').replaceAll('_', '/'), 'base64');
    for (const image of findImageSignatures(head)) if (image.offset === 0) findings.push({ kind: `base64 ${image.kind}`, offset: match.index, sample: run.slice(0, 40) });
  }
  for (const match of text.matchAll(/data:image\//g)) findings.push({ kind: 'base64 data-url', offset: match.index, sample: text.slice(match.index, match.index + 40) });
  return findings;
}

/** JSON arrays of more than `maxNumbers` numbers (descriptors, landmarks, keypoints, embeddings). */
export function findNumericArrays(text: string, maxNumbers = MAX_NUMBERS_IN_ARRAY): Finding[] {
  const number = String.raw`-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?`;
  const array = new RegExp(String.raw`\[\s*${number}(?:\s*,\s*${number}){${maxNumbers},}\s*\]`, 'g');
  return [...text.matchAll(array)].map((match) => ({ kind: `numeric array (${match[0].split(',').length} numbers)`, offset: match.index, sample: match[0].slice(0, 60) }));
}

/** Bytes that belong to whole UTF-8 multi-byte sequences (Chinese text is nearly all of them). */
function utf8MultiByteShare(bytes: Uint8Array): number {
  let inSequences = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    let valid = length > 0 && i + length <= bytes.length;
    for (let k = 1; valid && k < length; k++) valid = (bytes[i + k]! & 0xc0) === 0x80;
    if (valid) {
      inSequences += length;
      i += length - 1;
    }
  }
  return inSequences / bytes.length;
}

/**
 * A block of raw RGB pixels: a byte is close to the byte three places on (the same colour of the
 * next pixel) — natural images are smooth, text and SQLite records are not — with many distinct
 * values (not a zeroed page or a column of digits) and not UTF-8 text (Chinese is smooth too).
 */
function looksLikePixels(block: Uint8Array): boolean {
  const seen = new Set<number>();
  let zeros = 0;
  let step = 0;
  for (let i = 0; i < block.length; i++) {
    seen.add(block[i]!);
    if (block[i] === 0) zeros++;
    if (i + 3 < block.length) step += Math.abs(block[i]! - block[i + 3]!);
  }
  return zeros < block.length / 4 && seen.size >= 24 && step / (block.length - 3) < 16 && utf8MultiByteShare(block) < 0.3;
}

/** Runs of 1 KiB blocks that look like raw pixels, longer than `maxBytes`. */
export function findRawPixels(bytes: Uint8Array, maxBytes = MAX_RAW_PIXEL_BYTES): Finding[] {
  const findings: Finding[] = [];
  let runStart = -1;
  const close = (end: number) => {
    if (runStart >= 0 && end - runStart > maxBytes) findings.push({ kind: `raw pixels (${end - runStart} bytes)`, offset: runStart, sample: hex(bytes, runStart) });
    runStart = -1;
  };
  // Blocks at every half-block offset, so a run is found wherever it starts.
  for (let at = 0; at + BLOCK <= bytes.length; at += BLOCK / 2) {
    const pixels = looksLikePixels(bytes.subarray(at, at + BLOCK));
    if (pixels && runStart < 0) runStart = at;
    if (!pixels) close(at + BLOCK / 2);
  }
  close(bytes.length);
  return findings;
}

/** Everything above, on one piece of data; `binary: false` for data known to be text (a message). */
export function findImageData(data: Uint8Array | string, options: { binary?: boolean; maxBase64Chars?: number } = {}): Finding[] {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return [
    ...findImageSignatures(bytes),
    ...findBase64(text, options.maxBase64Chars),
    ...findNumericArrays(text),
    ...(options.binary === false ? [] : findRawPixels(bytes)),
  ];
}
