/**
 * The privacy probe finds what it must and nothing else: real images of a real frame of the sample
 * clip (encoded by ffmpeg as JPEG, PNG, GIF, WebP and BMP, whole and as a small crop; raw, in
 * base64, inside JSON, inside SQLite), raw RGB pixels, descriptors and landmarks — and finds nothing
 * in a clean edge outbox and a clean hub database (with the knowledge base's Chinese text).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../edge/ffmpeg.ts';
import { Outbox } from '../../edge/pipeline/outbox.ts';
import { createEvent } from '../../protocol/envelope.ts';
import { loadBranchConfig } from '../../hub/branch/branch-config.ts';
import { seedBranch } from '../../hub/branch/seed.ts';
import { openDatabase } from '../../hub/db/database.ts';
import { KnowledgeBase } from '../../hub/kb/knowledge-base.ts';
import { createLogger } from '../../hub/logger.ts';
import { findImageData, findRawPixels } from './image-data.ts';
import { tempDir } from './temp-dir.ts';

const LOBBY = path.resolve(import.meta.dirname, '../../edge/samples/lobby.mp4');
const dir = tempDir('tp-image-data-');
afterAll(() => dir.remove());

/** One frame of the sample clip (5 s in: a group photo), encoded by ffmpeg; `crop` a 64 × 64 face-sized piece. */
function frame(codec: 'mjpeg' | 'png' | 'gif' | 'bmp' | 'libwebp' | 'rawvideo', crop = false): Buffer {
  const filters = [crop ? 'crop=64:64:300:120' : 'scale=640:480'];
  const format = codec === 'rawvideo' ? ['-pix_fmt', 'rgb24', '-f', 'rawvideo'] : codec === 'libwebp' ? ['-f', 'webp'] : ['-f', 'image2pipe'];
  return execFileSync(ffmpegPath(), ['-v', 'error', '-ss', '5', '-i', LOBBY, '-frames:v', '1', '-vf', filters.join(','), '-c:v', codec, ...format, '-'], { maxBuffer: 8 << 20 });
}

const kinds = (data: Uint8Array | string, options?: { binary?: boolean }) => findImageData(data, options).map((finding) => finding.kind.replace(/ \(.*/, ''));

describe('the image-data probe', () => {
  it.each([
    ['mjpeg', 'jpeg'], ['png', 'png'], ['gif', 'gif'], ['libwebp', 'webp'], ['bmp', 'bmp'],
  ] as const)('finds %s images, whole and cropped, raw, in base64, inside JSON and inside another file', (codec, kind) => {
    for (const crop of [false, true]) {
      const image = frame(codec, crop);
      expect(kinds(image), `${codec} crop=${crop}`).toContain(kind);
      const base64 = image.toString('base64');
      expect(kinds(JSON.stringify({ zoneId: 'lobby', face: base64 }), { binary: false })).toEqual(expect.arrayContaining(['base64', `base64 ${kind}`]));
      expect(kinds(`{"snapshot":"data:image/${kind};base64,${base64}"}`, { binary: false })).toContain('base64 data-url');
      expect(kinds(Buffer.concat([Buffer.alloc(5000, 0x20), image, Buffer.alloc(3000)]))).toContain(kind);
    }
  });

  it('finds raw RGB pixels: a frame and a 64 × 64 crop', () => {
    expect(findRawPixels(frame('rawvideo')).length).toBeGreaterThan(0);
    const crop = frame('rawvideo', true);
    expect(crop.length).toBe(64 * 64 * 3);
    expect(findRawPixels(Buffer.concat([Buffer.from('{"zoneId":"lobby","count":3}'.repeat(40)), crop, Buffer.alloc(4096)])).length).toBe(1);
  });

  it('finds descriptors, landmarks and keypoints as numbers', () => {
    const descriptor = Array.from({ length: 128 }, (_, i) => Math.sin(i) / 10);
    const landmarks = Array.from({ length: 68 }, (_, i) => [100 + i, 200 - i]).flat();
    expect(kinds(JSON.stringify({ descriptor }))).toContain('numeric array');
    expect(kinds(JSON.stringify({ landmarks }))).toContain('numeric array');
    expect(kinds(Buffer.from(new Float32Array(descriptor).buffer).toString('base64'))).toContain('base64');
    // What events really carry: a handful of numbers.
    expect(kinds(JSON.stringify({ zoneId: 'teller-line', count: 4, waitEstimateS: 360, confidence: 0.82, windowS: 10, hours: Array(24).fill(3) }))).toEqual([]);
  });

  it('finds nothing in a clean outbox, nor in a hub database with the knowledge base in Chinese, and does find a frame put in either', async () => {
    const outboxDir = path.join(dir.path, 'edge');
    const outbox = Outbox.open({ dir: outboxDir });
    const source = { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-1' } as const;
    for (let i = 0; i < 300; i++) {
      const event = createEvent('tp.queue.observed', source, { zoneId: 'teller-line', count: i % 7, waitEstimateS: 30 * i, confidence: 0.5, windowS: 10 });
      const seq = outbox.append('tp/v1/b001/edge/cam-1/queue', JSON.stringify(event)).seq;
      if (i % 2 === 0 && seq !== null) outbox.remove([seq]);
    }
    outbox.close();
    const outboxFile = path.join(outboxDir, 'outbox.db');
    expect(findImageData(readFileSync(outboxFile))).toEqual([]);

    const hubDir = path.join(dir.path, 'hub');
    const { db } = await openDatabase({ dataDir: hubDir, synchronous: 'normal' });
    const log = createLogger('silent');
    await seedBranch(db, loadBranchConfig(path.resolve(import.meta.dirname, '../../hub/branch/demo-branch.json')), log);
    await new KnowledgeBase({ db, log }).start();
    expect(await db.kbArticle.count()).toBeGreaterThan(5);
    await db.$disconnect();
    const hubFile = path.join(hubDir, 'touchpoint.db');
    expect(findImageData(readFileSync(hubFile))).toEqual([]);

    for (const file of [outboxFile, hubFile]) {
      const sqlite = new Database(file);
      sqlite.exec('CREATE TABLE leak (data BLOB)');
      sqlite.prepare('INSERT INTO leak VALUES (?)').run(frame('rawvideo', true));
      sqlite.close();
      expect(findImageData(readFileSync(file)).map((finding) => finding.kind), file).toEqual([expect.stringMatching(/^raw pixels/)]);
    }
  });
});
