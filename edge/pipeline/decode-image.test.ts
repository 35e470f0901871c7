import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { decodeImage, parsePpm } from './decode-image.ts';

const SAMPLE = fileURLToPath(new URL('../../node_modules/@vladmandic/face-api/demo/sample1.jpg', import.meta.url));

describe('decodeImage', () => {
  test('decodes a JPEG to packed RGB in memory', async () => {
    const image = await decodeImage(SAMPLE);
    expect([image.width, image.height]).toEqual([1920, 1280]);
    expect(image.rgb.length).toBe(1920 * 1280 * 3);
    const scaled = await decodeImage(SAMPLE, { filter: 'scale=640:-2' });
    expect([scaled.width, scaled.height]).toEqual([640, 426]);
  });

  test('reports a file ffmpeg cannot read', async () => {
    await expect(decodeImage('/nonexistent.jpg')).rejects.toThrow(/could not decode \/nonexistent\.jpg/);
  });

  test('parsePpm reads the header (with a comment) and refuses truncated data', () => {
    const ppm = Buffer.concat([Buffer.from('P6\n# made by hand\n2 1\n255\n'), Buffer.from([1, 2, 3, 4, 5, 6])]);
    expect(parsePpm(ppm)).toEqual({ width: 2, height: 1, rgb: new Uint8Array([1, 2, 3, 4, 5, 6]) });
    expect(() => parsePpm(ppm.subarray(0, ppm.length - 1))).toThrow(/truncated/);
    expect(() => parsePpm(Buffer.from('P5\n2 1\n255\n'))).toThrow(/not an 8-bit binary PPM/);
  });
});
