import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { Outbox, type OutboxOptions } from './outbox.ts';

const QUEUE = 'tp/v1/b001/edge/cam-1/queue';
const DISTRESS = 'tp/v1/b001/edge/cam-1/distress';
const KIOSK = 'tp/v1/b001/kiosk/kiosk-1/kiosk';

const dirs: ReturnType<typeof tempDir>[] = [];
const opened: Outbox[] = [];

function open(options: Partial<OutboxOptions> & { dir?: string } = {}): Outbox {
  let dir = options.dir;
  if (!dir) {
    const made = tempDir('tp-outbox-');
    dirs.push(made);
    dir = made.path;
  }
  const outbox = Outbox.open({ ...options, dir });
  opened.push(outbox);
  return outbox;
}

const payloads = (outbox: Outbox) => outbox.peek(1000).map((entry) => entry.payload);

afterEach(() => {
  for (const outbox of opened.splice(0)) outbox.close();
  for (const dir of dirs.splice(0)) dir.remove();
});

describe('Outbox', () => {
  it('keeps entries in order and peeks after a sequence number', () => {
    const outbox = open();
    const seqs = ['a', 'b', 'c', 'd'].map((p) => outbox.append(QUEUE, p).seq!);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(outbox.size()).toBe(4);
    expect(outbox.bytes()).toBe(4);
    expect(outbox.peek(2).map((e) => e.payload)).toEqual(['a', 'b']);
    expect(outbox.peek(10, seqs[1]).map((e) => e.payload)).toEqual(['c', 'd']);
    const [first] = outbox.peek(1);
    expect(first).toMatchObject({ seq: seqs[0], topic: QUEUE, kind: 'queue', payload: 'a' });
    expect(typeof first!.createdAt).toBe('number');
  });

  it('removes acknowledged entries, ignores unknown ones, never reuses a sequence number', () => {
    const outbox = open();
    const [a, b, c] = ['a', 'bb', 'ccc'].map((p) => outbox.append(QUEUE, p).seq!) as [number, number, number];
    expect(outbox.remove([b, 9999])).toBe(1);
    expect(payloads(outbox)).toEqual(['a', 'ccc']);
    expect(outbox.bytes()).toBe(4);
    expect(outbox.remove([a, c])).toBe(2);
    expect(outbox.size()).toBe(0);
    expect(outbox.append(QUEUE, 'd').seq).toBeGreaterThan(c);
  });

  it('when full, drops the oldest queue observations before distress and kiosk events, and counts them', () => {
    const outbox = open({ maxEvents: 4 });
    outbox.append(QUEUE, 'q1');
    outbox.append(DISTRESS, 'd1');
    outbox.append(QUEUE, 'q2');
    outbox.append(KIOSK, 'k1');
    const first = outbox.append(DISTRESS, 'd2');
    expect(first.dropped).toEqual([{ seq: 1, kind: 'queue' }]);
    expect(payloads(outbox)).toEqual(['d1', 'q2', 'k1', 'd2']);
    outbox.append(QUEUE, 'q3'); // a newer observation supersedes q2
    expect(payloads(outbox)).toEqual(['d1', 'k1', 'd2', 'q3']);
    outbox.append(DISTRESS, 'd3'); // q3 is the only low-value one left
    expect(payloads(outbox)).toEqual(['d1', 'k1', 'd2', 'd3']);
    // Full of valuable events: a queue observation is the one dropped, not an old distress.
    expect(outbox.append(QUEUE, 'q4')).toEqual({ seq: null, dropped: [{ seq: null, kind: 'queue' }] });
    expect(payloads(outbox)).toEqual(['d1', 'k1', 'd2', 'd3']);
    // Among equals the oldest goes.
    outbox.append(DISTRESS, 'd4');
    expect(payloads(outbox)).toEqual(['k1', 'd2', 'd3', 'd4']);
    expect(outbox.size()).toBe(4);
    expect(outbox.dropped()).toEqual({ total: 5, byKind: { queue: 4, distress: 1 } });
  });

  it('is bounded by bytes too, dropping only as many as needed', () => {
    const outbox = open({ maxBytes: 100 });
    for (let i = 0; i < 5; i++) outbox.append(QUEUE, String(i).repeat(20));
    expect(outbox.bytes()).toBe(100);
    const result = outbox.append(DISTRESS, 'x'.repeat(30));
    expect(result.dropped.map((d) => d.kind)).toEqual(['queue', 'queue']);
    expect(outbox.bytes()).toBe(90);
    expect(payloads(outbox)[0]).toBe('2'.repeat(20));
    expect(() => outbox.append(QUEUE, 'y'.repeat(101))).toThrow(/can never fit/);
  });

  it('does not drop anything for a new event that cannot make room among less valuable ones', () => {
    const outbox = open({ maxBytes: 100 });
    outbox.append(QUEUE, 'q'.repeat(20));
    outbox.append(DISTRESS, 'd'.repeat(70));
    // 21 bytes must go, the only queue entry frees 20: the new observation is dropped, q stays.
    expect(outbox.append(QUEUE, 'n'.repeat(31))).toEqual({ seq: null, dropped: [{ seq: null, kind: 'queue' }] });
    expect(payloads(outbox)).toEqual(['q'.repeat(20), 'd'.repeat(70)]);
  });

  it('reopens with the same contents, order, counters and drop counts', () => {
    const dir = tempDir('tp-outbox-');
    dirs.push(dir);
    const first = Outbox.open({ dir: dir.path, maxEvents: 3 });
    for (const p of ['a', 'b', 'c', 'd']) first.append(QUEUE, p);
    first.remove([first.peek(1)[0]!.seq]);
    const before = first.peek(10);
    first.close();

    const again = open({ dir: dir.path, maxEvents: 3 });
    expect(again.peek(10)).toEqual(before);
    expect(again.size()).toBe(2);
    expect(again.bytes()).toBe(2);
    expect(again.dropped()).toEqual({ total: 1, byKind: { queue: 1 } });
    expect(again.append(QUEUE, 'e').seq).toBeGreaterThan(before.at(-1)!.seq);
  });

  it('refuses a second opener of the same file and a topic outside the contract', () => {
    const outbox = open();
    expect(() => Outbox.open({ dir: outbox.file.replace(/\/outbox\.db$/, '') })).toThrow(/in use by another process/);
    expect(() => outbox.append('tp/v1/b001/edge/cam-1/frames', '{}')).toThrow(/unknown event kind/);
  });

  it('rejects nonsensical bounds', () => {
    expect(() => open({ maxEvents: 0 })).toThrow(/maxEvents/);
  });
});
