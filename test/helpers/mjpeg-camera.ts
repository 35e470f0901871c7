/**
 * A fake IP camera: an HTTP MJPEG stream (multipart/x-mixed-replace) of a test picture at 10
 * parts/s, whose quality the test switches: `good`; `corrupt` (every other part is a JPEG header
 * over random bytes or a JPEG cut in half, the rest good); `junk` (random bytes, no parts at all).
 * It counts what it served.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ffmpegPath } from '../../edge/ffmpeg.ts';

export type CameraMode = 'good' | 'corrupt' | 'junk';

export interface MjpegCamera {
  url: string;
  mode: CameraMode;
  served: { good: number; corrupt: number; junkBytes: number; connections: number };
  close(): Promise<void>;
}

export async function startMjpegCamera(size = '160x120'): Promise<MjpegCamera> {
  const jpeg = execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=${size}`, '-frames:v', '1', '-f', 'mjpeg', 'pipe:1']);
  const clients = new Set<ServerResponse>();
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
    camera.served.connections++;
    clients.add(response);
    response.on('close', () => clients.delete(response));
  });
  let part = 0;
  const ticker = setInterval(() => {
    part++;
    for (const response of clients) {
      if (camera.mode === 'junk') {
        response.write(randomBytes(3000));
        camera.served.junkBytes += 3000;
        continue;
      }
      const bad = camera.mode === 'corrupt' && part % 2 === 0;
      const body = !bad ? jpeg : part % 4 ? Buffer.concat([jpeg.subarray(0, 20), randomBytes(jpeg.length - 20)]) : jpeg.subarray(0, jpeg.length >> 1);
      camera.served[bad ? 'corrupt' : 'good']++;
      response.write(Buffer.concat([Buffer.from(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${body.length}\r\n\r\n`), body, Buffer.from('\r\n')]));
    }
  }, 100);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const camera: MjpegCamera = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mjpg`,
    mode: 'good',
    served: { good: 0, corrupt: 0, junkBytes: 0, connections: 0 },
    async close() {
      clearInterval(ticker);
      for (const response of clients) response.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return camera;
}
