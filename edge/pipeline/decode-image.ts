/**
 * Decodes a still image (JPEG, PNG, ...) into a Frame-shaped RGB buffer in memory, with ffmpeg
 * writing a PPM to its stdout (nothing is written to disk). For tests, calibration and evaluation;
 * live video comes from capture.ts.
 */
import { spawn } from 'node:child_process';
import { ffmpegPath } from '../ffmpeg.ts';

export interface DecodedImage {
  width: number;
  height: number;
  /** Packed RGB, width × height × 3 bytes. */
  rgb: Uint8Array;
}

export interface DecodeOptions {
  /** ffmpeg video filter applied first, e.g. 'crop=600:330:0:0' or 'scale=640:-2'. */
  filter?: string;
}

/** Parses a binary PPM (P6, maxval 255): `P6 <w> <h> 255` then packed RGB. */
export function parsePpm(data: Buffer): DecodedImage {
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4 && i < data.length) {
    while (i < data.length && /\s/.test(String.fromCharCode(data[i]!))) i++;
    if (data[i] === 0x23) {
      while (i < data.length && data[i] !== 0x0a) i++; // comment line
      continue;
    }
    const start = i;
    while (i < data.length && !/\s/.test(String.fromCharCode(data[i]!))) i++;
    fields.push(data.toString('latin1', start, i));
  }
  const [magic, w, h, max] = fields;
  const width = Number(w);
  const height = Number(h);
  if (magic !== 'P6' || max !== '255' || !(width > 0) || !(height > 0)) throw new Error(`not an 8-bit binary PPM (header ${fields.join(' ')})`);
  const offset = i + 1; // one whitespace byte after maxval
  const size = width * height * 3;
  if (data.length - offset < size) throw new Error(`PPM truncated: ${data.length - offset} of ${size} bytes`);
  return { width, height, rgb: new Uint8Array(data.buffer, data.byteOffset + offset, size) };
}

export function decodeImage(file: string, options: DecodeOptions = {}): Promise<DecodedImage> {
  const args = ['-v', 'error', '-nostdin', '-i', file, ...(options.filter ? ['-vf', options.filter] : []), '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'ppm', '-pix_fmt', 'rgb24', 'pipe:1'];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ffmpeg could not decode ${file} (exit ${code}): ${err.trim().split('\n').pop() ?? ''}`));
      try {
        resolve(parsePpm(Buffer.concat(out)));
      } catch (error) {
        reject(new Error(`ffmpeg output for ${file}: ${(error as Error).message}`));
      }
    });
  });
}
