/**
 * The retention job on a real hub and a fake clock (Asia/Shanghai), TP_RETENTION_DAYS=10 and
 * TP_RETENTION_FREE_TEXT_DAYS=3. Three branch days — 12, 5 and 1 days before "now" — each with a
 * served ticket, an unhappy answer with a comment (which opens a follow-up case, resolved with an
 * outcome), a help request from the kiosk (an alert with a dispatch), camera events, a status, a
 * dead letter and an appointment. Then:
 *
 *  - while an hour of the old day is not final, nothing the experience log is computed from goes;
 *  - once it is, the old day's raw records go (in batches of 2 here), the other two days stay,
 *    each camera's latest status stays, the 5-day-old comment and outcome lose their words but
 *    not their records — and the removed words are gone from the database's files, not only its
 *    tables — and the old day's KPIs and hours read exactly as before;
 *  - the counts are in /metrics and the notice's API states both periods;
 *  - the audit log has its own period (TP_AUDIT_RETENTION_DAYS=4 here);
 *  - an HQ-only hub, which has no branch, removes its old dead letters and audit log too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../protocol/envelope.ts';
import { buildTopic } from '../protocol/topics.ts';
import { loadHubConfig } from '../hub/config.ts';
import { startHqHub } from '../hub/hq/hq-hub.ts';
import { createLogger } from '../hub/logger.ts';
import { HubMetrics } from '../hub/metrics.ts';
import { RetentionService } from '../hub/retention/retention-service.ts';
import { startTestHub, type TestHub } from './helpers/in-process-hub.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { FakeClock, queueApi } from './helpers/queue-api.ts';

const DAY_MS = 86_400_000;
const OLD = '2026-03-02';
const clock = new FakeClock(Date.parse(`${OLD}T02:00:00Z`)); // 10:00 in Shanghai
const DAYS = { old: OLD, mid: '2026-03-09', recent: '2026-03-13' } as const;
const NOW = Date.parse('2026-03-14T02:00:00Z'); // 12 days after the old day
let hub: TestHub;
const api = queueApi(() => hub);
let floorToken: string;

type Day = keyof typeof DAYS;
/** What each day left behind, to look for afterwards. */
const left: Record<Day, { ticketId: string; comment: string; outcome: string; appointmentCode: string; eventIds: string[]; alertIds: string[]; dispatchIds: string[] }> = {} as never;

const source = (sourceId: string) => ({ branchId: 'b001', sourceKind: 'edge', sourceId }) as const;

async function publish(sourceId: string, event: ReturnType<typeof createEvent>): Promise<string> {
  const eventKind = ({ 'tp.queue.observed': 'queue', 'tp.kiosk.session': 'kiosk', 'tp.distress.detected': 'distress', 'tp.edge.status': 'status' } as const)[event.type as 'tp.queue.observed'];
  const topic = buildTopic({ ...source(sourceId), eventKind });
  expect(await hub.ingest.submit({ topic, payload: Buffer.from(JSON.stringify(event)), receivedAt: new Date(clock.ms) })).toBe('stored');
  return event.id;
}

/** One branch day at 10:00: the visits and signals listed above. */
async function branchDay(day: Day): Promise<void> {
  clock.ms = Date.parse(`${DAYS[day]}T02:00:00Z`);
  const time = () => new Date(clock.ms);
  const eventIds = [
    await publish('cam-a', createEvent('tp.queue.observed', source('cam-a'), { zoneId: 'teller-line', count: 3, waitEstimateS: 240, confidence: 0.8, windowS: 10 }, { time: time() })),
    await publish('cam-a', createEvent('tp.kiosk.session', source('cam-a'), { zoneId: 'kiosk-area', sessionId: crypto.randomUUID(), task: 'ticket', outcome: 'completed', durationS: 40, steps: 4, errors: 0 }, { time: time() })),
  ];
  // cam-a reports every day; cam-b only on the old day: its status is its latest.
  eventIds.push(await publish('cam-a', createEvent('tp.edge.status', source('cam-a'), { online: true }, { time: time() })));
  if (day === 'old') eventIds.push(await publish('cam-b', createEvent('tp.edge.status', source('cam-b'), { online: true }, { time: time() })));
  expect(await hub.ingest.submit({ topic: 'tp/v1/b001/edge/cam-a/queue', payload: Buffer.from(`not json ${day}`), receivedAt: time() })).toBe('dead-lettered');

  const ticket = await api.take('teller', 'normal', 'en');
  clock.advance(6);
  expect(await api.callNext('c1')).toMatchObject({ status: 200 });
  await api.act(ticket.id, 'start');
  clock.advance(5);
  await api.act(ticket.id, 'done');
  const comment = `Call me back on 138 0013 ${day}`;
  expect(await api.call('POST', '/feedback', { token: null, body: { ticketCode: ticket.code, csat: 1, nps: 2, comment, language: 'en' } })).toMatchObject({ status: 201 });
  eventIds.push(await publish('cam-a', createEvent('tp.distress.detected', source('cam-a'), { zoneId: 'kiosk-area', kind: 'help-request', severity: 'high', confidence: 1, durationS: 0 }, { time: time() })));
  await hub.rules.settled();
  clock.advance(3);
  const open = await hub.db.alert.findMany({ where: { status: { not: 'resolved' } } });
  expect(open.map((alert) => alert.kind).sort()).toEqual(['feedback-follow-up', 'help-request']);
  const outcome = `Customer felt faint, sat down, fine (${day})`;
  for (const alert of open) {
    expect(await api.call('POST', `/alerts/${alert.id}/resolve`, { token: floorToken, body: { outcome } })).toMatchObject({ status: 200 });
  }
  const booked = await api.call('POST', '/queue/appointments', { token: null, body: { serviceId: 'accounts', start: `${DAYS[day]}T07:00:00.000Z` } });
  expect(booked.status).toBe(201);
  const alertIds = open.map((alert) => alert.id);
  const dispatchIds = (await hub.db.dispatch.findMany({ where: { alertId: { in: alertIds } }, select: { id: true } })).map((row) => row.id);
  await hub.db.auditLog.create({ data: { at: time(), actor: `auditor-${day}`, action: 'export' } });
  left[day] = { ticketId: ticket.id, comment, outcome, appointmentCode: booked.body.code, eventIds, alertIds, dispatchIds };
  // The day ends; the experience log settles its hours.
  clock.ms = Date.parse(`${DAYS[day]}T18:00:00Z`); // 02:00 the next day in Shanghai
  await hub.experience.tick();
}

async function rowsOf(day: Day) {
  const { ticketId, appointmentCode, eventIds, alertIds, dispatchIds } = left[day];
  const { db } = hub;
  return {
    ticket: await db.ticket.count({ where: { id: ticketId } }),
    ticketEvents: await db.ticketEvent.count({ where: { ticketId } }),
    feedback: await db.feedback.findFirst({ where: { ticketId } }),
    appointment: await db.appointment.count({ where: { code: appointmentCode } }),
    events: await db.event.count({ where: { id: { in: eventIds } } }),
    alerts: await db.alert.findMany({ where: { id: { in: alertIds } } }),
    steps: await db.alertStep.findMany({ where: { alertId: { in: alertIds } } }),
    dispatches: await db.dispatch.findMany({ where: { alertId: { in: alertIds } } }),
    offers: await db.dispatchOffer.count({ where: { dispatchId: { in: dispatchIds } } }),
    audit: await db.auditLog.count({ where: { actor: `auditor-${day}` } }),
    deadLetters: await db.deadLetter.count({ where: { payloadBytes: `not json ${day}`.length, receivedAt: { gte: new Date(`${DAYS[day]}T00:00:00Z`), lt: new Date(Date.parse(`${DAYS[day]}T00:00:00Z`) + DAY_MS) } } }),
  };
}

const kpisOf = async (date: string) => (await api.call('GET', `/experience/kpis?from=${date}&to=${date}`)).body;
const hoursOf = async (date: string) => (await api.call('GET', `/experience/hours?date=${date}`)).body;

beforeAll(async () => {
  hub = await startTestHub({ TP_RETENTION_DAYS: '10', TP_RETENTION_FREE_TEXT_DAYS: '3', TP_AUDIT_RETENTION_DAYS: '4' }, { now: clock.now });
  floorToken = await api.login('floor', 'touchpoint-floor');
  await api.openOnly('c1');
  for (const day of ['old', 'mid', 'recent'] as const) await branchDay(day);
  clock.ms = NOW;
  await hub.experience.tick();
}, 60_000);
afterAll(() => hub?.close());

/** A retention job on the hub's database with batches of 2, so every purge crosses batch boundaries. */
function smallBatchJob(metrics = new HubMetrics()) {
  return {
    metrics,
    job: new RetentionService({ db: hub.db, branchId: 'b001', settings: { rawDays: 10, freeTextDays: 3, auditDays: 4 }, metrics, log: createLogger('silent'), now: clock.now, batchSize: 2 }),
  };
}

describe('retention', () => {
  it('the three days are recorded: tickets, answers, alerts with a dispatch, events, dead letters, appointments', async () => {
    for (const day of ['old', 'mid', 'recent'] as const) {
      const rows = await rowsOf(day);
      expect(rows, day).toMatchObject({ ticket: 1, appointment: 1, events: left[day].eventIds.length, deadLetters: 1, audit: 1, feedback: { comment: left[day].comment } });
      expect(rows.ticketEvents, day).toBeGreaterThanOrEqual(4);
      expect(rows.alerts.map((alert) => alert.outcome), day).toEqual([left[day].outcome, left[day].outcome]);
      expect(rows.dispatches.length, day).toBeGreaterThanOrEqual(1);
      expect(rows.steps.length, day).toBeGreaterThanOrEqual(4);
    }
    expect((await kpisOf(OLD)).kpis.tickets).toMatchObject({ issued: 1, served: 1 });
  });

  it('keeps what the experience log is still computed from while an hour of it is not final', async () => {
    await hub.db.experienceHour.updateMany({ where: { label: `${OLD}T10:00+08:00` }, data: { final: false } });
    try {
      const { job } = smallBatchJob();
      const report = await job.run();
      expect(report.cutoffs.aggregated).toEqual(new Date(`${OLD}T02:00:00Z`)); // that hour's start
      const old = await rowsOf('old');
      expect(old).toMatchObject({ ticket: 1, events: left.old.eventIds.length, feedback: { comment: left.old.comment } });
      expect(old.alerts).toHaveLength(2);
      // What feeds no aggregate goes on its own period: the dead letter and the appointment; and
      // free text that feeds none loses its words (the old and the mid day's outcomes).
      expect(old).toMatchObject({ deadLetters: 0, appointment: 0 });
      expect(report.purged).toMatchObject({ 'dead-letter': 1, appointment: 1, event: 0, ticket: 0, feedback: 0, alert: 0 });
      expect(report.redacted).toMatchObject({ 'alert-outcome': 4, 'dead-letter-payload': 1, 'feedback-comment': 0 });
    } finally {
      await hub.db.experienceHour.updateMany({ where: { label: `${OLD}T10:00+08:00` }, data: { final: true } });
    }
  });

  it('deletes the raw records older than the period, in batches, and keeps the rest', async () => {
    const onDisk = () => readdirSync(hub.dataDir).filter((file) => file.startsWith('touchpoint.db')).map((file) => readFileSync(path.join(hub.dataDir, file)).toString('latin1')).join('');
    await hub.db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(onDisk()).toContain(left.old.comment);
    const kpisBefore = await kpisOf(OLD);
    const hoursBefore = await hoursOf(OLD);
    const storedHours = await hub.db.experienceHour.count();
    const { job, metrics } = smallBatchJob();
    const report = await job.run();
    expect(report.cutoffs.raw).toEqual(new Date(NOW - 10 * DAY_MS));

    const old = await rowsOf('old');
    expect(old).toMatchObject({ ticket: 0, ticketEvents: 0, feedback: null, appointment: 0, deadLetters: 0, alerts: [], steps: [], dispatches: [], offers: 0 });
    // The old day's events are gone but for cam-b's status, which is still its latest.
    const oldEvents = await hub.db.event.findMany({ where: { id: { in: left.old.eventIds } } });
    expect(oldEvents.map((event) => [event.type, event.sourceId])).toEqual([['tp.edge.status', 'cam-b']]);

    // The audit log keeps 4 days: the old and the 5-day-old day's entries are gone.
    expect([(await rowsOf('mid')).audit, (await rowsOf('recent')).audit]).toEqual([0, 1]);
    for (const day of ['mid', 'recent'] as const) {
      const rows = await rowsOf(day);
      expect(rows, day).toMatchObject({ ticket: 1, appointment: 1, events: left[day].eventIds.length, deadLetters: 1 });
      expect(rows.alerts, day).toHaveLength(2);
      expect(rows.dispatches.length, day).toBeGreaterThanOrEqual(1);
    }
    // Free text older than 3 days loses its words; the records and the scores stay.
    const mid = await rowsOf('mid');
    expect(mid.feedback).toMatchObject({ csat: 1, nps: 2, comment: null });
    expect(mid.alerts.map((alert) => alert.outcome)).toEqual([null, null]);
    expect(mid.dispatches.every((dispatch) => dispatch.outcome === null)).toBe(true);
    expect(JSON.stringify(mid.steps)).not.toContain('faint');
    expect(JSON.stringify(await hub.db.deadLetter.findMany({ where: { payloadBytes: 'not json mid'.length } }))).not.toContain('not json');
    const recent = await rowsOf('recent');
    expect(recent.feedback).toMatchObject({ comment: left.recent.comment });
    expect(recent.alerts.map((alert) => alert.outcome)).toEqual([left.recent.outcome, left.recent.outcome]);
    expect(JSON.stringify(recent.steps)).toContain('faint');

    // Gone from the disk, not only from the tables: the words of the old and the 5-day-old day.
    for (const words of [left.old.comment, left.old.outcome, left.mid.comment, left.mid.outcome, 'not json old']) expect(onDisk(), words).not.toContain(words);
    expect(onDisk()).toContain(left.recent.comment);

    // The aggregates stay, and so do the old day's KPIs and hours, to the last figure.
    expect(await hub.db.experienceHour.count()).toBe(storedHours);
    expect(await kpisOf(OLD)).toEqual(kpisBefore);
    expect(await hoursOf(OLD)).toEqual(hoursBefore);
    expect(kpisBefore.kpis.feedback).toMatchObject({ comments: 1, complaints: 1, csat: { responses: 1 } });

    // Counted by record kind, and the counts match the report.
    expect(report.purged).toMatchObject({ ticket: 1, feedback: 1, event: left.old.eventIds.length - 1 });
    expect(report.purged.alert).toBeGreaterThanOrEqual(2); // and any the rules closed by themselves
    expect(report.redacted).toMatchObject({ 'feedback-comment': 1 });
    const exposition = await metrics.registry.metrics();
    expect(exposition).toContain('tp_retention_purged_total{record="ticket"} 1');
    expect(exposition).toContain(`tp_retention_purged_total{record="event"} ${left.old.eventIds.length - 1}`);
    expect(exposition).toContain('tp_retention_redacted_total{field="feedback-comment"} 1');

    // A second run finds nothing more to do.
    const again = await job.run();
    expect(Object.values({ ...again.purged, ...again.redacted }).every((count) => count === 0)).toBe(true);
  });

  it('ran at the hub’s start (its metrics say when), and the privacy notice states both periods', async () => {
    const metrics = (await hub.inject('GET', '/metrics')).text;
    expect(metrics).toMatch(/^tp_retention_last_run_timestamp_seconds [1-9]\d*/m);
    const notice = await hub.inject('GET', '/api/v1/privacy', { token: null });
    expect(notice).toMatchObject({ status: 200, body: { retention: { rawDays: 10, freeTextDays: 3 } } });
  });
});

describe('retention at HQ', () => {
  it('removes an HQ-only hub’s old dead letters and audit log: it has no branch, but has those', async () => {
    const dir = tempDir();
    const hq = await startHqHub(
      loadHubConfig({ HUB_ROLE: 'hq', PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir.path, TP_RETENTION_DAYS: '10', TP_AUDIT_RETENTION_DAYS: '30' }),
      createLogger('silent'),
    );
    try {
      const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
      const deadLetter = (days: number) => ({ receivedAt: daysAgo(days), topic: 'tp/v1/b009/hub/hub/summary', reason: 'bad-json', detail: `${days} days`, payloadBytes: 3, payload: 'x{}' });
      await hq.db.deadLetter.createMany({ data: [deadLetter(11), deadLetter(2)] });
      await hq.db.auditLog.createMany({ data: [{ at: daysAgo(31), actor: 'hq-old', action: 'login' }, { at: daysAgo(11), actor: 'hq-recent', action: 'login' }] });
      const report = await hq.retention.run();
      expect(report.purged).toEqual({ 'dead-letter': 1, audit: 1 });
      expect((await hq.db.deadLetter.findMany()).map((row) => row.detail)).toEqual(['2 days']);
      expect((await hq.db.auditLog.findMany({ where: { actor: { startsWith: 'hq-' } } })).map((row) => row.actor)).toEqual(['hq-recent']);
    } finally {
      await hq.stop();
      dir.remove();
    }
  });
});
