/**
 * The sustained-ingest publisher on its own thread (`--publisher-thread`), so the hub's event
 * loop is not shared with it: as in production, where the edges are other machines.
 */
import { parentPort, workerData } from 'node:worker_threads';
import mqtt from 'mqtt';
import { publishWindowed, type WindowedResult } from './windowed-publish.ts';

export interface PublisherJob {
  url: string;
  username: string;
  password: string;
  topic: string;
  window: number;
  stallMs: number;
  /** All payloads back to back, and where each one ends. */
  bytes: Uint8Array;
  ends: number[];
}

export type PublisherReport = WindowedResult & { disconnects: number };

const job = workerData as PublisherJob;
const payloads = job.ends.map((end, i) => {
  const start = i === 0 ? 0 : job.ends[i - 1]!;
  return Buffer.from(job.bytes.buffer, job.bytes.byteOffset + start, end - start);
});
const client = await mqtt.connectAsync(job.url, { username: job.username, password: job.password, clientId: `bench-thread-${process.pid}`, clean: true, reconnectPeriod: 1000 });
let disconnects = 0;
client.on('close', () => disconnects++);
const result = await publishWindowed(client, job.topic, payloads, job.window, job.stallMs);
const report: PublisherReport = { ...result, disconnects };
await client.endAsync();
parentPort!.postMessage(report);
