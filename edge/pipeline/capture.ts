/**
 * Capture: one ffmpeg process per camera decodes the source to raw rgb24 frames of exactly
 * `width`×`height` at `fps` (ffmpeg's `fps` and `scale` filters: the picture is stretched to that size,
 * so pick a size with the camera's aspect, e.g. 640×360 for 16:9). Frames stay in memory.
 *
 *   const capture = new Capture({ cameraId: 'cam-1', source: 'rtsp://…', fps: 5, width: 640, height: 360 });
 *   capture.onState((state, status) => publishStatus(state, status));
 *   for await (const frame of capture.frames()) { … }   // ends on stop(), or at the end of a non-looping file
 *   await capture.stop();
 *
 * Sources: a file path; `rtsp://` (over TCP); `http(s)://` (a live MJPEG stream, stamped with arrival
 * time); `/dev/videoN` (V4L2). Files: `loop` restarts them forever, `pace: 'realtime'` reads at native
 * speed (demos), `'asap'` as fast as the consumer takes frames (evaluation).
 *
 * `Frame.tMs`: video time (`seq / fps * 1000`) for `asap` files, so evaluation is deterministic; wall
 * clock otherwise. `seq` keeps counting across restarts.
 *
 * Each yielded frame owns its `rgb` buffer (Capture never writes to it again), so the consumer may mask
 * it in place, hold it while detection runs, or transfer it to a worker.
 *
 * Backpressure: for `asap` files the pipe is paused while `maxQueued` frames wait (nothing is lost);
 * everything else is live, so when the consumer is behind the oldest waiting frame is dropped and counted.
 *
 * States: 'starting' (first spawn) → 'ok' (a frame arrived) ⇄ 'stalled' / 'restarting'; 'offline' after
 * stop() or at the end of a non-looping file.
 *
 * Watchdog: no frame for `stallTimeoutMs` → 'stalled', ffmpeg is killed and restarted; any exit
 * (dead stream, bad URL, missing file) → 'restarting' with exponential back-off, then 'ok' again on the
 * first frame. Listeners hear every state change and every restart attempt, with the restart count
 * and the last ffmpeg error line (stderr is kept to its last few lines; nothing is logged per frame).
 *
 * Corrupt input: a stream that keeps delivering frames but also garbage (broken or truncated JPEGs,
 * a flaky link) makes ffmpeg skip or patch those frames and print an error for each. Capture stays
 * 'ok' — frames arrive — but counts them (`inputErrors`) and reports `error: 'corrupt input: …'`
 * (listeners hear it, state unchanged), cleared after `inputErrorQuietMs` without one. Garbage that
 * stops frames altogether ends in a stall or an exit, and so in 'stalled' / 'restarting'.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { ffmpegPath } from '../ffmpeg.ts';
import type { CameraState, Frame } from './types.ts';

export type SourceKind = 'file' | 'rtsp' | 'http' | 'v4l2';

export interface CaptureOptions {
  cameraId: string;
  source: string;
  /** Analysis frame rate (ffmpeg's fps filter drops or repeats frames to meet it). */
  fps: number;
  width: number;
  height: number;
  /** Files only: start again at the end (default false: the frame stream ends with the file). */
  loop?: boolean;
  /** Files only (default 'realtime'). */
  pace?: 'realtime' | 'asap';
  /** Default 10 000. */
  stallTimeoutMs?: number;
  /** Restart delay, doubling after each failed attempt; reset by a frame. Default 1 s … 30 s. */
  backoff?: { initialMs: number; maxMs: number };
  /** Frames waiting for the consumer before dropping (live) or pausing (asap files). Default 2. */
  maxQueued?: number;
  /** A corrupt-input report clears after this long without a decoding error. Default 10 000. */
  inputErrorQuietMs?: number;
  /** Extra ffmpeg input options before `-i`, e.g. ['-input_format', 'mjpeg'] for a V4L2 camera. */
  inputArgs?: string[];
  log?: Pick<Logger, 'info' | 'warn' | 'debug'>;
}

export interface CaptureStatus {
  /** Restarts since start (stalls, exits, failed attempts). */
  restarts: number;
  /** Frames dropped because the consumer was behind. */
  dropped: number;
  /** Frames delivered by ffmpeg since start. */
  frames: number;
  /** Why the last run ended: ffmpeg's last stderr line, the exit code, or the stall. */
  error?: string;
  /** Frames/s arriving from ffmpeg, over the last ~2 s window (asap files: as fast as they are taken). */
  fps?: number;
  /** Errors ffmpeg reported while frames were flowing (corrupt or truncated input, skipped or patched), since start. */
  inputErrors: number;
}

export type StateListener = (state: CameraState, status: CaptureStatus) => void;

const STDERR_LINES = 5;
const KILL_GRACE_MS = 2000;
const FPS_WINDOW_MS = 2000;

export function sourceKind(source: string): SourceKind {
  if (/^rtsps?:\/\//i.test(source)) return 'rtsp';
  if (/^https?:\/\//i.test(source)) return 'http';
  if (/^\/dev\/video\d+$/.test(source)) return 'v4l2';
  return 'file';
}

/** The ffmpeg command line (without the binary) for these options. */
export function ffmpegArgs(o: CaptureOptions): string[] {
  const kind = sourceKind(o.source);
  const input: string[] = [];
  if (kind === 'rtsp') input.push('-rtsp_transport', 'tcp');
  // MJPEG over HTTP carries no timestamps; without this ffmpeg assumes 25 fps and the fps filter lies.
  if (kind === 'http') input.push('-use_wallclock_as_timestamps', '1');
  if (kind === 'v4l2') input.push('-f', 'v4l2');
  if (kind === 'file' && (o.pace ?? 'realtime') === 'realtime') input.push('-re');
  if (kind === 'file' && o.loop) input.push('-stream_loop', '-1');
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
    ...input, ...(o.inputArgs ?? []), '-i', o.source,
    '-an', '-sn', '-vf', `fps=${o.fps},scale=${o.width}:${o.height}:flags=bilinear`,
    '-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1',
  ];
}

type Child = ChildProcessByStdio<null, Readable, Readable>;

export class Capture {
  readonly #o: CaptureOptions;
  readonly #kind: SourceKind;
  readonly #frameSize: number;
  readonly #listeners: StateListener[] = [];
  #state: CameraState = 'offline';
  #child: Child | null = null;
  #closed: Promise<void> = Promise.resolve();
  #stderr: string[] = [];
  #error: string | undefined;
  #buf: Uint8Array;
  #filled = 0;
  #spare: Uint8Array[] = [];
  #queue: Frame[] = [];
  #paused = false;
  #wake: (() => void) | null = null;
  #seq = 0;
  #dropped = 0;
  #restarts = 0;
  #backoffMs: number;
  #fps: number | undefined;
  #rate = { since: 0, frames: 0 };
  #lastFrameAt = 0;
  #inputErrors = 0;
  /** When the last decoding error came, while the current corrupt-input report stands; 0: none stands. */
  #corruptSince = 0;
  #lastInputErrorAt = 0;
  #watchdog: NodeJS.Timeout | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #started = false;
  #ended = false;
  #stopping: Promise<void> | null = null;
  #iterating = false;

  constructor(options: CaptureOptions) {
    this.#o = options;
    this.#kind = sourceKind(options.source);
    this.#frameSize = options.width * options.height * 3;
    this.#buf = new Uint8Array(0);
    this.#backoffMs = options.backoff?.initialMs ?? 1000;
  }

  get state(): CameraState {
    return this.#state;
  }

  /** The running ffmpeg's pid (diagnostics and tests). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  status(): CaptureStatus {
    const status: CaptureStatus = { restarts: this.#restarts, dropped: this.#dropped, frames: this.#seq, inputErrors: this.#inputErrors };
    if (this.#error !== undefined) status.error = this.#error;
    if (this.#fps !== undefined) status.fps = Math.round(this.#fps * 10) / 10;
    return status;
  }

  /** Returns an unsubscribe function. */
  onState(listener: StateListener): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  /** Spawns ffmpeg and the watchdog (idempotent; `frames()` calls it; a stopped capture stays stopped). */
  start(): void {
    if (this.#started || this.#stopping) return;
    this.#started = true;
    this.#buf = new Uint8Array(this.#frameSize);
    const stallMs = this.#o.stallTimeoutMs ?? 10_000;
    this.#watchdog = setInterval(() => this.#checkStall(stallMs), Math.min(1000, stallMs / 4));
    this.#watchdog.unref();
    this.#setState('starting');
    this.#spawn();
  }

  /** The frames, one consumer at a time. Breaking out of the loop stops the capture. */
  async *frames(): AsyncGenerator<Frame> {
    if (this.#iterating) throw new Error('Capture.frames() already has a consumer');
    this.#iterating = true;
    this.start();
    try {
      for (;;) {
        const frame = this.#queue.shift();
        if (frame) {
          if (this.#paused && this.#queue.length < this.#maxQueued()) this.#resume();
          yield frame;
        } else if (this.#ended) {
          return;
        } else {
          await new Promise<void>((resolve) => (this.#wake = resolve));
        }
      }
    } finally {
      this.#iterating = false;
      if (!this.#ended) void this.stop();
    }
  }

  /** Kills ffmpeg (SIGTERM, SIGKILL after 2 s) and waits until it has exited; ends `frames()`. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#ended = true;
    clearInterval(this.#watchdog);
    clearTimeout(this.#restartTimer);
    this.#queue = [];
    this.#wake?.();
    await this.#kill('SIGTERM');
    if (this.#state !== 'offline') this.#setState('offline');
  }

  #maxQueued(): number {
    return this.#o.maxQueued ?? 2;
  }

  #spawn(): void {
    this.#stderr = [];
    this.#filled = 0;
    this.#lastFrameAt = Date.now();
    this.#rate = { since: this.#lastFrameAt, frames: 0 };
    let child: Child;
    try {
      child = spawn(ffmpegPath(), ffmpegArgs(this.#o), { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      this.#stderr.push((err as Error).message);
      this.#onExit(null, null, null);
      return;
    }
    this.#child = child;
    this.#closed = new Promise((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (done) return;
        done = true;
        resolve();
        this.#onExit(child, code, signal);
      };
      child.once('error', (err) => {
        this.#stderr.push(err.message);
        if (child.pid === undefined) finish(null, null);
      });
      child.once('close', finish);
    });
    child.stdout.on('data', (chunk: Buffer) => this.#onData(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      for (const line of text.split('\n')) if (line.trim()) this.#onStderr(child, line.trim());
      if (this.#stderr.length > STDERR_LINES) this.#stderr.splice(0, this.#stderr.length - STDERR_LINES);
    });
  }

  /** ffmpeg runs at `-loglevel error`: a line while frames flow is input it could not decode. */
  #onStderr(child: Child, line: string): void {
    this.#stderr.push(line);
    // Before a frame it is why the run fails; after our kill (stdout closed) it is the broken pipe.
    if (child !== this.#child || this.#state !== 'ok' || child.stdout.destroyed) return;
    const repeated = /Last message repeated (\d+) times/.exec(line);
    this.#inputErrors += repeated ? Number(repeated[1]) : 1;
    this.#lastInputErrorAt = Date.now();
    if (this.#corruptSince || repeated) return;
    this.#corruptSince = this.#lastInputErrorAt;
    this.#error = `corrupt input: ${line}`;
    this.#o.log?.warn({ cameraId: this.#o.cameraId, error: this.#error, inputErrors: this.#inputErrors }, 'capture input corrupt');
    this.#setState('ok');
  }

  #onData(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(this.#frameSize - this.#filled, chunk.length - offset);
      this.#buf.set(chunk.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      offset += n;
      if (this.#filled === this.#frameSize) this.#onFrame();
    }
  }

  #onFrame(): void {
    const now = Date.now();
    const asap = this.#kind === 'file' && this.#o.pace === 'asap';
    const seq = this.#seq++;
    const frame: Frame = {
      cameraId: this.#o.cameraId,
      seq,
      tMs: asap ? (seq / this.#o.fps) * 1000 : now,
      width: this.#o.width,
      height: this.#o.height,
      rgb: this.#buf,
    };
    this.#buf = this.#spare.pop() ?? new Uint8Array(this.#frameSize);
    this.#filled = 0;
    this.#lastFrameAt = now;
    this.#rate.frames++;
    if (now - this.#rate.since >= FPS_WINDOW_MS) {
      this.#fps = (this.#rate.frames * 1000) / (now - this.#rate.since);
      this.#rate = { since: now, frames: 0 };
    }
    this.#queue.push(frame);
    if (asap) {
      if (this.#queue.length >= this.#maxQueued() && !this.#paused) {
        this.#paused = true;
        this.#child?.stdout.pause();
      }
    } else {
      while (this.#queue.length > this.#maxQueued()) {
        this.#spare.push(this.#queue.shift()!.rgb);
        this.#dropped++;
      }
    }
    if (this.#state !== 'ok') {
      this.#error = undefined;
      this.#corruptSince = 0;
      this.#backoffMs = this.#o.backoff?.initialMs ?? 1000;
      this.#setState('ok');
    }
    this.#wake?.();
    this.#wake = null;
  }

  #resume(): void {
    this.#paused = false;
    this.#lastFrameAt = Date.now(); // waiting for the consumer is not a stall
    this.#child?.stdout.resume();
  }

  #checkStall(stallMs: number): void {
    if (this.#corruptSince && this.#state === 'ok' && Date.now() - this.#lastInputErrorAt >= (this.#o.inputErrorQuietMs ?? 10_000)) {
      this.#corruptSince = 0;
      this.#error = undefined;
      this.#o.log?.info({ cameraId: this.#o.cameraId, inputErrors: this.#inputErrors }, 'capture input clean again');
      this.#setState('ok');
    }
    if (!this.#child || this.#paused || this.#state === 'stalled') return;
    const silentMs = Date.now() - this.#lastFrameAt;
    if (silentMs < stallMs) return;
    this.#error = `no frame for ${silentMs} ms${this.#stderr.length ? `; ffmpeg: ${this.#stderr.at(-1)}` : ''}`;
    this.#o.log?.warn({ cameraId: this.#o.cameraId, error: this.#error }, 'capture stalled');
    this.#setState('stalled');
    void this.#kill('SIGKILL');
  }

  #onExit(child: Child | null, code: number | null, signal: NodeJS.Signals | null): void {
    if (child && child !== this.#child) return;
    this.#child = null;
    this.#paused = false;
    if (this.#stopping) return;
    if (this.#kind === 'file' && !this.#o.loop && code === 0) {
      this.#ended = true;
      clearInterval(this.#watchdog);
      this.#setState('offline');
      this.#wake?.();
      return;
    }
    if (this.#state !== 'stalled') {
      const how = signal ? `killed by ${signal}` : code === null ? 'did not start' : `exited with code ${code}`;
      this.#error = this.#stderr.at(-1) ?? `ffmpeg ${how}`;
    }
    this.#restarts++;
    const delayMs = this.#backoffMs;
    this.#backoffMs = Math.min(delayMs * 2, this.#o.backoff?.maxMs ?? 30_000);
    this.#o.log?.warn({ cameraId: this.#o.cameraId, restarts: this.#restarts, delayMs, error: this.#error, stderr: this.#stderr }, 'capture restarting');
    this.#setState('restarting');
    this.#restartTimer = setTimeout(() => this.#spawn(), delayMs);
  }

  async #kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (!child) return;
    child.stdout.destroy(); // a writer blocked on a full pipe gets EPIPE instead of waiting for us
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    await this.#closed;
    clearTimeout(force);
  }

  #setState(state: CameraState): void {
    this.#state = state;
    const status = this.status();
    if (state === 'ok' || state === 'offline') this.#o.log?.info({ cameraId: this.#o.cameraId, state, ...status }, 'capture state');
    for (const listener of [...this.#listeners]) {
      try {
        listener(state, status);
      } catch (err) {
        this.#o.log?.warn({ cameraId: this.#o.cameraId, err }, 'capture state listener failed');
      }
    }
  }
}
