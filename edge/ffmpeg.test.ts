import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegPath, probeVideo } from './ffmpeg.ts';

const dir = mkdtempSync(join(tmpdir(), 'tp-ffmpeg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ffmpegPath', () => {
  it('prefers FFMPEG_PATH and rejects one that is not executable', () => {
    const fake = join(dir, 'my-ffmpeg');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    expect(ffmpegPath({ FFMPEG_PATH: fake, PATH: '' })).toBe(fake);
    expect(() => ffmpegPath({ FFMPEG_PATH: join(dir, 'missing') })).toThrow(/FFMPEG_PATH.*not an executable/);
  });

  it('then ffmpeg on PATH', () => {
    const onPath = join(dir, 'ffmpeg');
    writeFileSync(onPath, '#!/bin/sh\n');
    chmodSync(onPath, 0o755);
    expect(ffmpegPath({ PATH: `/nonexistent:${dir}` })).toBe(onPath);
  });

  it('then the binary of @ffmpeg-installer/ffmpeg', () => {
    expect(ffmpegPath({ PATH: '' })).toMatch(/@ffmpeg-installer\/[\w-]+\/ffmpeg(\.exe)?$/);
  });
});

describe('probeVideo', () => {
  it('reads size, frame rate and duration of the sample clip', async () => {
    await expect(probeVideo(new URL('./samples/lobby.mp4', import.meta.url).pathname)).resolves.toEqual({ width: 640, height: 480, fps: 15, durationS: 30 });
  });

  it('says clearly when a file is not a video', async () => {
    await expect(probeVideo(new URL('./config.ts', import.meta.url).pathname)).rejects.toThrow(/no video stream/);
  });
});
