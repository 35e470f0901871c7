/**
 * Where the ffmpeg binary is: `FFMPEG_PATH`, else `ffmpeg` on PATH, else the static build shipped
 * by the npm package `@ffmpeg-installer/ffmpeg` (so a fresh `npm install` can decode video).
 * Resolved on each call (a few `access` checks), so a changed environment is seen at the next spawn.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    if (isExecutable(file)) return file;
  }
  return null;
}

/** The npm package's binary; its index.js throws (a string) at load when the binary is missing. */
function fromInstaller(): string | null {
  try {
    const installer = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string; version: string };
    return isExecutable(installer.path) ? installer.path : null;
  } catch {
    return null;
  }
}

/** Absolute path (or PATH-resolved file) of the ffmpeg to spawn; throws a clear error if there is none. */
export function ffmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.FFMPEG_PATH;
  if (configured) {
    if (isExecutable(configured)) return configured;
    throw new Error(`FFMPEG_PATH is set to ${configured}, which is not an executable file`);
  }
  const found = onPath(process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg', env.PATH) ?? fromInstaller();
  if (found) return found;
  throw new Error(
    'ffmpeg not found: set FFMPEG_PATH, put ffmpeg on PATH (e.g. apt-get install ffmpeg), ' +
      'or install the npm package @ffmpeg-installer/ffmpeg',
  );
}

export interface VideoInfo {
  width: number;
  height: number;
  fps: number;
  durationS: number | null;
}

/** Size, frame rate and duration of a video file, read from ffmpeg's own description of it. */
export function probeVideo(file: string): Promise<VideoInfo> {
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath(), ['-hide_banner', '-i', file], (_error, _stdout, stderr) => {
      // Without an output ffmpeg exits 1 after describing the input; the description is what we want.
      const video = /Stream #\S+.*Video: .*?(\d{2,5})x(\d{2,5})[^\n]*?([\d.]+) (?:fps|tbr)/.exec(stderr);
      if (!video) return reject(new Error(`no video stream in ${file}: ${stderr.trim().split('\n').at(-1) ?? 'ffmpeg said nothing'}`));
      const duration = /Duration: (\d+):(\d+):([\d.]+)/.exec(stderr);
      resolve({
        width: Number(video[1]),
        height: Number(video[2]),
        fps: Number(video[3]),
        durationS: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : null,
      });
    });
  });
}
