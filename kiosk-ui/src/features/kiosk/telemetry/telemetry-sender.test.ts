import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KioskInteraction } from '../../../../../protocol/kiosk-telemetry.ts';
import { TelemetrySender, telemetryEndpoint } from './telemetry-sender.ts';

const ENDPOINT = 'http://10.0.0.5:8791/kiosk/v1/kiosk-1/interactions';
const interaction = (seq: number): KioskInteraction => ({ sessionId: '3f8e2d1c-0b9a-4c7d-8e6f-5a4b3c2d1e0f', seq, at: '2026-11-22T09:30:00.000Z', type: 'screen', screen: 'ticket.service', task: 'ticket' });

function edge(statuses: number[]) {
  const posted: KioskInteraction[][] = [];
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    posted.push((JSON.parse(init.body as string) as { interactions: KioskInteraction[] }).interactions);
    const status = statuses.shift() ?? 202;
    if (status === 0) throw new TypeError('Failed to fetch');
    return new Response(null, { status });
  });
  vi.stubGlobal('fetch', fetch);
  return { posted, fetch };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('kiosk telemetry sender', () => {
  it('builds the endpoint from the kiosk settings, with {host} as the hub host name', () => {
    expect(telemetryEndpoint('http://{host}:8791/', 'kiosk-1', '10.0.0.5')).toBe(ENDPOINT);
    expect(telemetryEndpoint(null, 'kiosk-1', '10.0.0.5')).toBeNull();
    expect(telemetryEndpoint('http://edge:8791', 'Kiosk 1', '10.0.0.5')).toBeNull();
  });

  it('posts each interaction once, even when flushes overlap', async () => {
    const { posted } = edge([]);
    const sender = new TelemetrySender();
    sender.configure(ENDPOINT);
    sender.enqueue(interaction(0));
    const first = sender.flush(true);
    // Arrives while the first post is on its way; two flushes then wait for it together.
    sender.enqueue(interaction(1));
    const results = await Promise.all([first, sender.flush(true), sender.flush(true)]);
    expect(results).toEqual([true, true, true]);
    expect(posted.flat().map((sent) => sent.seq)).toEqual([0, 1]);
  });

  it('keeps interactions while the edge is unreachable and sends them later, in order', async () => {
    const { posted } = edge([0]);
    const sender = new TelemetrySender();
    sender.configure(ENDPOINT);
    sender.enqueue(interaction(0));
    expect(await sender.flush(true)).toBe(false);
    sender.enqueue(interaction(1));
    expect(await sender.flush(true)).toBe(true);
    expect(posted.map((batch) => batch.map((sent) => sent.seq))).toEqual([[0], [0, 1]]);
  });

  it('drops a batch the edge refuses as invalid, and reports that it was not accepted', async () => {
    const { posted } = edge([400]);
    const sender = new TelemetrySender();
    sender.configure(ENDPOINT);
    sender.enqueue(interaction(0));
    expect(await sender.flush(true)).toBe(false);
    expect(await sender.flush(true)).toBe(true);
    expect(posted).toHaveLength(1);
  });

  it('never queues an interaction the protocol would refuse', async () => {
    const { posted } = edge([]);
    const sender = new TelemetrySender();
    sender.configure(ENDPOINT);
    sender.enqueue({ ...interaction(0), screen: 'Not A Slug' });
    sender.enqueue(interaction(1));
    await sender.flush(true);
    expect(posted.flat().map((sent) => sent.seq)).toEqual([1]);
  });

  it('holds interactions until it knows where to send them, and forgets them when there is nowhere', async () => {
    const { posted, fetch } = edge([]);
    const sender = new TelemetrySender();
    sender.enqueue(interaction(0));
    expect(await sender.flush(true)).toBe(false);
    sender.configure(ENDPOINT);
    expect(await sender.flush(true)).toBe(true);
    expect(posted.flat().map((sent) => sent.seq)).toEqual([0]);

    const silent = new TelemetrySender();
    silent.enqueue(interaction(1));
    silent.configure(null);
    silent.enqueue(interaction(2));
    expect(await silent.flush(true)).toBe(false);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
