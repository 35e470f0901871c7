/**
 * Clocks that jump.
 *
 * 1. A device's clock (real MQTT into a real hub): events stamped three hours ahead are stored with
 *   their arrival time — otherwise their "future" queue count would hide every newer one from the
 *   live state for three hours — and events stamped behind keep their time (an outbox delivers old
 *   events by design). Both are counted (`tp_events_clock_skew_total`) and shown on the node
 *   (`clockSkewS` in /state) until its clock is right again.
 * 2. The hub's clock (HubOptions.now): a forward step finalises the skipped hours once; a step back
 *   to before an hour was over opens it again, so what happens in the repeated minutes counts, and
 *   it is final again — once per hour, every ticket counted once — with HQ holding the corrected hour.
 * 3. Dispatch offers (the service's clock): after a step back an offer still times out after its
 *   timeout, not after the step; after a step forward each pending offer times out once.
 * 4. Lasting conditions of the rules ("a camera failing for 60 s"): a step back does not hold the
 *   alert back by the size of the step.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../protocol/envelope.ts';
import type { EventData, EventType } from '../protocol/events.ts';
import { startDispatchKit, type DispatchKit } from '../hub/dispatch/dispatch-test-kit.ts';
import { alertStory } from '../hub/alerts/alert-steps.ts';
import { duplicatesIn, expectNothingLost, reportFault } from './helpers/fault-report.ts';
import { rulesKit, type RulesKit } from './helpers/rules-kit.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { FakeClock, queueApi } from './helpers/queue-api.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { until } from './helpers/until.ts';

const HOUR = 3600_000;
const MINUTE = 60_000;

describe("a device's clock is wrong", () => {
  let hub: TestHub;
  const clients: MqttClient[] = [];
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    for (const client of clients) await client.endAsync(true);
    await hub?.close();
  });

  async function device(sourceId: string) {
    const registered = await hub.inject('POST', '/api/v1/devices', { body: { kind: 'edge', sourceId, name: sourceId } });
    const credentials = registered.body!.mqtt as { username: string; password: string; topicPrefix: string };
    const client = await mqtt.connectAsync(hub.mqttUrl, { clientId: `clock-${sourceId}`, username: credentials.username, password: credentials.password, reconnectPeriod: 0 });
    clients.push(client);
    const sent: string[] = [];
    return {
      sent,
      /** Publishes an event stamped `offsetMs` from now (the device's clock); resolves on PUBACK. */
      async publish<T extends EventType>(type: T, kind: string, data: EventData<T>, offsetMs: number): Promise<string> {
        const event = createEvent(type, { branchId: hub.branchId, sourceKind: 'edge', sourceId }, data);
        const stamped = { ...event, time: new Date(Date.now() + offsetMs).toISOString() };
        await client.publishAsync(`${credentials.topicPrefix}${kind}`, JSON.stringify(stamped), { qos: 1 });
        sent.push(event.id);
        return event.id;
      },
    };
  }

  const node = async (sourceId: string) =>
    ((await hub.inject('GET', '/api/v1/state')).body!.nodes as { sourceId: string; clockSkewS?: number }[]).find((n) => n.sourceId === sourceId);
  const zone = async (zoneId: string) =>
    ((await hub.inject('GET', '/api/v1/state')).body!.zones as { zoneId: string; count: number | null }[]).find((z) => z.zoneId === zoneId);
  const skewed = async (direction: string) =>
    Number(new RegExp(`^tp_events_clock_skew_total\\{direction="${direction}"\\} (\\d+)`, 'm').exec((await hub.inject('GET', '/metrics')).text)?.[1]);
  const row = (id: string) => hub.db.event.findUniqueOrThrow({ where: { id } });
  const online = { online: true, version: 'test', cameras: [] };
  const queue = (count: number) => ({ zoneId: 'teller-line', count, waitEstimateS: 60 * count, confidence: 0.9, windowS: 10 });

  it('stores events stamped ahead with their arrival time, keeps those behind, and shows the node\'s clock', async () => {
    const wrong = await device('cam-clock-wrong');
    const right = await device('cam-clock-right');

    // Three hours ahead: the status and a queue count.
    await wrong.publish('tp.edge.status', 'status', online, 3 * HOUR);
    const ahead = await wrong.publish('tp.queue.observed', 'queue', queue(7), 3 * HOUR);
    const aheadRow = await row(ahead);
    expect(Math.abs(aheadRow.time.getTime() - aheadRow.receivedAt.getTime())).toBeLessThan(1000);
    expect((await node('cam-clock-wrong'))?.clockSkewS).toBeCloseTo(3 * 3600, -1);
    expect(await skewed('ahead')).toBe(2);

    // A camera with a right clock sees 2 people a moment later: the live state shows them.
    await right.publish('tp.edge.status', 'status', online, 0);
    await right.publish('tp.queue.observed', 'queue', queue(2), 0);
    await until('the newer count in the live state', async () => (await zone('teller-line'))?.count === 2, 5000);
    expect((await node('cam-clock-right'))?.clockSkewS).toBeUndefined();

    // Three hours behind: the live status shows it; an event keeps its time (it could be from the outbox) and is not "newer".
    await wrong.publish('tp.edge.status', 'status', online, -3 * HOUR);
    const behind = await wrong.publish('tp.queue.observed', 'queue', queue(5), -3 * HOUR);
    expect(Math.abs((await row(behind)).time.getTime() - (Date.now() - 3 * HOUR))).toBeLessThan(5000);
    expect((await node('cam-clock-wrong'))?.clockSkewS).toBeCloseTo(-3 * 3600, -1);
    expect(await skewed('behind')).toBe(1);
    expect((await zone('teller-line'))?.count).toBe(2);

    // The clock is set right: so is the node.
    await wrong.publish('tp.edge.status', 'status', online, 0);
    expect((await node('cam-clock-wrong'))?.clockSkewS).toBeUndefined();

    const sent = [...wrong.sent, ...right.sent];
    const stored = (await hub.db.event.findMany({ where: { id: { in: sent } }, select: { id: true } })).map((r) => r.id);
    const counts = { sent: sent.length, acknowledged: sent.length, stored: new Set(stored).size, duplicates: duplicatesIn(stored), lost: sent.filter((id) => !stored.includes(id)).length };
    reportFault('device-clock-wrong', counts, { ahead: await skewed('ahead'), behind: await skewed('behind'), skewHours: 3, deadLettered: await hub.db.deadLetter.count() });
    expectNothingLost(counts);
    expect(await hub.db.deadLetter.count()).toBe(0);
  });
});

describe("the hub's clock steps", () => {
  const TEN = Date.parse('2026-03-02T02:00:00Z'); // Monday 10:00 in Shanghai, the demo branch's zone
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  interface HourRow { hourStart: Date; final: boolean; computedAt: Date; aggregate: string }
  const issued = (row: HourRow) => (JSON.parse(row.aggregate) as { tickets: Record<string, { issued: number }> }).tickets.teller?.issued ?? 0;
  const label = (row: HourRow) => `${new Date(row.hourStart.getTime() + 8 * HOUR).toISOString().slice(11, 16)}${row.final ? ' final' : ''}`;

  it('finalises skipped hours once when it jumps forward, and opens and counts them again when it steps back', async () => {
    const clock = new FakeClock(TEN + 10 * MINUTE);
    hub = await startTestHub({}, { now: clock.now });
    const { take } = queueApi(() => hub!);
    const hours = async (): Promise<HourRow[]> => hub!.db.experienceHour.findMany({ where: { branchId: hub!.branchId }, orderBy: { hourStart: 'asc' } });
    const tick = async () => {
      await hub!.experience.tick();
      await hub!.summaries!.publishPending();
    };

    await take('teller'); // 10:10
    await tick();

    // The clock runs three hours ahead (a bad NTP answer): 13:10.
    clock.advance(180);
    await tick();
    expect((await hours()).map(label)).toEqual(['10:00 final', '11:00 final', '12:00 final', '13:00']);
    const finalAhead = (await hours()).filter((row) => row.final);
    clock.advance(1);
    await tick();
    expect((await hours()).filter((row) => row.final)).toEqual(finalAhead); // finalised once: not computed again

    // It steps back to the real time, 10:20, and the branch goes on: a second ticket in the 10:00 hour.
    clock.ms = TEN + 20 * MINUTE;
    await tick();
    expect((await hours()).map(label)).toEqual(['10:00', '11:00 final', '12:00 final', '13:00']);
    await take('teller');
    // The hours come round again, one tick every 10 minutes, to 13:30.
    for (let t = 30; t <= 210; t += 10) {
      clock.ms = TEN + t * MINUTE;
      await tick();
    }
    const after = await hours();
    expect(after.map(label)).toEqual(['10:00 final', '11:00 final', '12:00 final', '13:00']);
    expect(after.map(issued)).toEqual([2, 0, 0, 0]); // both tickets, each once
    expect(after[0]!.computedAt.getTime()).toBeGreaterThan(finalAhead[0]!.computedAt.getTime()); // newer than the early final, so HQ takes it
    const hq = await hub.db.hqHour.findUniqueOrThrow({ where: { branchId_hourStart: { branchId: hub.branchId, hourStart: new Date(TEN) } } });
    expect({ final: hq.final, issued: issued(hq) }).toEqual({ final: true, issued: 2 });
    reportFault('hub-clock-steps', { sent: 2, acknowledged: 2, stored: after.map(issued).reduce((a, b) => a + b, 0), duplicates: 0, lost: 0 }, {
      what: 'tickets in the experience log across a +3 h jump and a step back', hourRows: after.length, hqIssued: issued(hq), finalComputations: 2,
    });
  });
});

describe('dispatch offers when the clock steps', () => {
  const START = Date.parse('2026-03-02T02:00:00Z');
  let dir: ReturnType<typeof tempDir>;
  let clock: { t: number };
  let kit: DispatchKit;
  afterEach(async () => {
    await kit.close();
    dir.remove();
  });

  async function offered() {
    dir = tempDir();
    clock = { t: START };
    kit = await startDispatchKit(dir.path, clock);
    await kit.dispatch.setPresence('s-wang', 'available', 'teller-line');
    await kit.dispatch.setPresence('s-chen', 'available', 'lobby');
    const alert = await kit.alerts.openAlert('help-request', 'teller-line');
    await until('the first offer', () => kit.changes.some((change) => change.dispatch.alertId === alert.id && change.dispatch.staffId === 's-wang'), 5000);
    return alert;
  }
  const steps = async (alertId: string) => (await alertStory(kit.db, alertId)).map((step) => [step.kind, step.staffId]);

  it('times an offer out after its 60 s even when the clock stepped back an hour', async () => {
    const alert = await offered();
    clock.t -= HOUR;
    kit.advance(30);
    await kit.dispatch.expireDue();
    kit.advance(29);
    await kit.dispatch.expireDue();
    expect(await steps(alert.id)).toEqual([['offered', 's-wang']]);
    kit.advance(32); // 61 s after the step: the timeout ran from it, not from an hour ahead
    await kit.dispatch.expireDue();
    await until('offered to the next person', async () => (await steps(alert.id)).length === 3, 5000);
    // The story sorts by time, and these steps carry the stepped-back clock: compare as a set.
    expect((await steps(alert.id)).sort()).toEqual([['offered', 's-chen'], ['offered', 's-wang'], ['timeout', 's-wang']]);
  });

  it('times each pending offer out once when the clock jumps two hours forward', async () => {
    const alert = await offered();
    clock.t += 2 * HOUR;
    await kit.dispatch.expireDue();
    await kit.dispatch.expireDue();
    await until('offered to the next person', async () => (await steps(alert.id)).length === 3, 5000);
    expect(await steps(alert.id)).toEqual([['offered', 's-wang'], ['timeout', 's-wang'], ['offered', 's-chen']]); // not escalated in the same breath
  });
});

describe('lasting conditions when the clock steps back', () => {
  let kit: RulesKit;
  afterEach(() => kit.close());

  it('opens the camera alert 60 s after the camera began failing, not an hour later', async () => {
    kit = await rulesKit();
    kit.live.nodes = [{ sourceKind: 'edge', sourceId: 'edge-1', online: true, lastSeenAt: new Date(kit.now()).toISOString(), cameras: [{ cameraId: 'cam-1', state: 'stalled' }] }];
    await kit.advance(30);
    kit.jump(-3600);
    await kit.advance(29);
    expect(kit.alerts.open()).toEqual([]);
    await kit.advance(32);
    expect(kit.alerts.open().map((alert) => alert.kind)).toEqual(['camera-offline']);
  });
});
