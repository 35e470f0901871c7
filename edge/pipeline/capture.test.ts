/** Capture against the real ffmpeg: the sample clip, looping, back-off, stalls, stop(). */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../ffmpeg.ts';
import { Capture, type CaptureOptions, type CaptureStatus, ffmpegArgs } from './capture.ts';
import type { CameraState } from './types.ts';

const CLIP = fileURLToPath(new URL('../samples/lobby.mp4', import.meta.url));
const CLIP_SECONDS = 30;

const running: Capture[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

function capture(options: Partial<CaptureOptions>): { cap: Capture; states: { state: CameraState; status: CaptureStatus; at: number }[] } {
  const cap = new Capture({ cameraId: 'cam-test', source: CLIP, fps: 5, width: 160, height: 120, ...options });
  const states: { state: CameraState; status: CaptureStatus; at: number }[] = [];
  cap.onState((state, status) => states.push({ state, status, at: Date.now() }));
  running.push(cap);
  return { cap, states };
}

/** Consumes frames in the background; resolves with the count when the stream ends. */
function drain(cap: Capture): { count: () => number; done: Promise<number> } {
  let n = 0;
  const done = (async () => {
    for await (const _ of cap.frames()) n++;
    return n;
  })();
  return { count: () => n, done };
}

function waitFor(cap: Capture, want: CameraState, timeoutMs: number): Promise<CaptureStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${want}' within ${timeoutMs} ms (state ${cap.state})`)), timeoutMs);
    const off = cap.onState((state, status) => {
      if (state !== want) return;
      clearTimeout(timer);
      off();
      resolve(status);
    });
  });
}

const alive = (pid: number) => existsSync(`/proc/${pid}`); // a zombie would still have /proc/<pid>

describe('ffmpegArgs', () => {
  const base = { cameraId: 'c', fps: 5, width: 640, height: 360 };
  it('builds the input options per source kind', () => {
    const rtsp = ffmpegArgs({ ...base, source: 'rtsp://cam/stream' });
    expect(rtsp.join(' ')).toContain('-rtsp_transport tcp -i rtsp://cam/stream');
    expect(ffmpegArgs({ ...base, source: 'http://cam/mjpg' }).join(' ')).toContain('-use_wallclock_as_timestamps 1 -i');
    expect(ffmpegArgs({ ...base, source: '/dev/video0' }).join(' ')).toContain('-f v4l2 -i /dev/video0');
    const demo = ffmpegArgs({ ...base, source: 'a.mp4', loop: true }).join(' ');
    expect(demo).toContain('-re -stream_loop -1 -i a.mp4');
    expect(ffmpegArgs({ ...base, source: 'a.mp4', pace: 'asap' })).not.toContain('-re');
    expect(rtsp.join(' ')).toContain('-vf fps=5,scale=640:360:flags=bilinear -pix_fmt rgb24 -f rawvideo pipe:1');
  });
});

describe('Capture', () => {
  it('decodes the sample clip: size, count for its duration, video-time tMs', async () => {
    const { cap, states } = capture({ pace: 'asap', width: 320, height: 240 });
    const tMs: number[] = [];
    for await (const frame of cap.frames()) {
      expect(frame.rgb.length).toBe(320 * 240 * 3);
      expect([frame.width, frame.height, frame.cameraId]).toEqual([320, 240, 'cam-test']);
      expect(frame.seq).toBe(tMs.length);
      tMs.push(frame.tMs);
    }
    expect(Math.abs(tMs.length - CLIP_SECONDS * 5)).toBeLessThanOrEqual(1);
    expect(tMs.slice(0, 3)).toEqual([0, 200, 400]);
    expect(states.map((s) => s.state)).toEqual(['starting', 'ok', 'offline']);
    expect(cap.status()).toMatchObject({ restarts: 0, dropped: 0 });
  });

  it('loops a file past its end without dropping (asap) and stops cleanly mid-stream', async () => {
    const { cap } = capture({ pace: 'asap', loop: true, fps: 10, width: 64, height: 48 });
    let last = 0;
    for await (const frame of cap.frames()) {
      last = frame.tMs;
      if (frame.seq >= CLIP_SECONDS * 10 + 50) break; // breaking out stops the capture
    }
    expect(last).toBeGreaterThan(CLIP_SECONDS * 1000);
    const pid = cap.pid;
    await cap.stop();
    expect(cap.state).toBe('offline');
    expect(cap.status()).toMatchObject({ restarts: 0, dropped: 0 });
    if (pid) expect(alive(pid)).toBe(false);
  });

  it('drops frames rather than queueing when a live consumer is slow', async () => {
    const { cap } = capture({ fps: 15, loop: true, maxQueued: 1 });
    const seen: number[] = [];
    const started = Date.now();
    for await (const frame of cap.frames()) {
      seen.push(frame.seq);
      expect(Math.abs(frame.tMs - Date.now())).toBeLessThan(1000); // wall clock
      await new Promise((r) => setTimeout(r, 250));
      if (Date.now() - started > 1500) break;
    }
    await cap.stop();
    expect(cap.status().dropped).toBeGreaterThan(5);
    expect(seen.at(-1)! - seen[0]!).toBeGreaterThan(seen.length); // skipped ahead to fresh frames
  });

  it('restarts a missing source with back-off and reports the ffmpeg error', async () => {
    const { cap, states } = capture({ source: '/nonexistent/camera.mp4', backoff: { initialMs: 100, maxMs: 400 } });
    cap.start();
    await new Promise((r) => setTimeout(r, 2000));
    await cap.stop();
    const restarting = states.filter((s) => s.state === 'restarting');
    expect(states[0]!.state).toBe('starting');
    expect(restarting.length).toBeGreaterThanOrEqual(4);
    expect(restarting[0]!.status.error).toMatch(/No such file/);
    expect(restarting.map((s) => s.status.restarts).slice(0, 3)).toEqual([1, 2, 3]);
    const gaps = restarting.slice(1).map((s, i) => s.at - restarting[i]!.at);
    // Each gap is the back-off before the next attempt (plus its spawn): 100, 200, then 400 (the cap).
    expect(gaps[0]!).toBeGreaterThanOrEqual(95);
    expect(gaps[1]!).toBeGreaterThanOrEqual(190);
    expect(gaps[2]!).toBeGreaterThanOrEqual(390);
    expect(gaps[2]!).toBeLessThan(1000);
    expect(states.some((s) => s.state === 'ok')).toBe(false);
  });

  it('detects a stalled ffmpeg (SIGSTOP), kills it and is ok again after the restart', async () => {
    const { cap, states } = capture({ loop: true, stallTimeoutMs: 800, backoff: { initialMs: 100, maxMs: 1000 } });
    const frames = drain(cap);
    await waitFor(cap, 'ok', 5000);
    const pid = cap.pid!;
    process.kill(pid, 'SIGSTOP');
    const stalled = await waitFor(cap, 'stalled', 3000);
    expect(stalled.error).toMatch(/no frame for \d+ ms/);
    const ok = await waitFor(cap, 'ok', 5000);
    expect(ok.restarts).toBe(1);
    expect(cap.pid).not.toBe(pid);
    expect(alive(pid)).toBe(false);
    expect(states.map((s) => s.state)).toEqual(['starting', 'ok', 'stalled', 'restarting', 'ok']);
    const before = frames.count();
    await new Promise((r) => setTimeout(r, 500));
    expect(frames.count()).toBeGreaterThan(before);
    await cap.stop();
    await frames.done;
  });

  it('stalls on an HTTP MJPEG stream that stops sending and recovers when it resumes', async () => {
    const jpeg = execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120', '-frames:v', '1', '-f', 'mjpeg', 'pipe:1']);
    let sending = true;
    const clients = new Set<ServerResponse>();
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
      clients.add(res);
      res.on('close', () => clients.delete(res));
    });
    const ticker = setInterval(() => {
      if (!sending) return;
      for (const res of clients) {
        res.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
        res.write(jpeg);
        res.write('\r\n');
      }
    }, 100);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mjpg`;
      const { cap } = capture({ source: url, stallTimeoutMs: 1000, backoff: { initialMs: 100, maxMs: 1000 } });
      const frames = drain(cap);
      await waitFor(cap, 'ok', 8000);
      sending = false;
      await waitFor(cap, 'stalled', 3000);
      sending = true;
      const ok = await waitFor(cap, 'ok', 8000);
      expect(ok.restarts).toBe(1);
      await cap.stop();
      await frames.done;
    } finally {
      clearInterval(ticker);
      for (const res of clients) res.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('keeps decoding an MJPEG stream with corrupt frames, reports it, and clears the report when the stream is clean', async () => {
    const jpeg = execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120', '-frames:v', '1', '-f', 'mjpeg', 'pipe:1']);
    let corrupt = false;
    let part = 0;
    const clients = new Set<ServerResponse>();
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
      clients.add(res);
      res.on('close', () => clients.delete(res));
    });
    // Every other part: a JPEG header over random bytes, or a JPEG cut in half.
    const ticker = setInterval(() => {
      part++;
      const body = !corrupt || part % 2 ? jpeg : part % 4 ? Buffer.concat([jpeg.subarray(0, 20), randomBytes(jpeg.length - 20)]) : jpeg.subarray(0, jpeg.length >> 1);
      for (const res of clients) res.write(Buffer.concat([Buffer.from(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${body.length}\r\n\r\n`), body, Buffer.from('\r\n')]));
    }, 100);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mjpg`;
      const { cap, states } = capture({ source: url, inputErrorQuietMs: 1000 });
      const frames = drain(cap);
      await waitFor(cap, 'ok', 8000);
      corrupt = true;
      const reported = await waitFor(cap, 'ok', 5000);
      expect(reported.error).toMatch(/^corrupt input: /);
      const during = frames.count();
      await new Promise((r) => setTimeout(r, 1500));
      expect(frames.count() - during).toBeGreaterThanOrEqual(4); // the good frames keep coming (5 fps)
      corrupt = false;
      const clean = await waitFor(cap, 'ok', 5000);
      expect(clean.error).toBeUndefined();
      expect(clean.inputErrors).toBeGreaterThan(3);
      expect(clean.restarts).toBe(0);
      expect(states.map((s) => [s.state, s.status.error === undefined ? '' : 'corrupt'])).toEqual([['starting', ''], ['ok', ''], ['ok', 'corrupt'], ['ok', '']]);
      await cap.stop();
      expect(cap.status().inputErrors).toBe(clean.inputErrors); // stopping is no corrupt input
      await frames.done;
    } finally {
      clearInterval(ticker);
      for (const res of clients) res.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('stop() ends frames() and leaves no ffmpeg process', async () => {
    const { cap } = capture({ loop: true });
    const frames = drain(cap);
    await waitFor(cap, 'ok', 5000);
    await new Promise((r) => setTimeout(r, 300));
    const pid = cap.pid!;
    expect(alive(pid)).toBe(true);
    await cap.stop();
    expect(alive(pid)).toBe(false);
    expect(cap.pid).toBeUndefined();
    await expect(frames.done).resolves.toBeGreaterThan(0);
  });
});
