import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KioskInteraction } from '../../protocol/kiosk-telemetry.ts';
import { KioskAnalyzer, type KioskAnalyzerSettings, type KioskOutput } from './kiosk.ts';

const SETTINGS: KioskAnalyzerSettings = {
  sessionIdleS: 180,
  friction: { backs: 3, backWindowS: 30, sameError: 3, noProgressS: 60, cooldownS: 120 },
};
const T0 = Date.parse('2026-11-22T09:30:00.000Z');
const ms = (s: number) => T0 + s * 1000;
const KIOSK = { id: 'kiosk-1', zoneId: 'kiosk-area' };

/** One customer's session on the kiosk: each call is the next interaction, `tS` seconds after T0 (kiosk clock). */
function customer(clockOffsetS = 0) {
  const sessionId = randomUUID();
  let seq = 0;
  return {
    sessionId,
    act: (type: KioskInteraction['type'], tS: number, extra: Partial<KioskInteraction> = {}): KioskInteraction => ({
      sessionId, seq: seq++, at: new Date(ms(tS + clockOffsetS)).toISOString(), type, ...extra,
    }),
  };
}

/** Feeds each interaction as its own post, half a second after it happened, ticking every second in between. */
function run(analyzer: KioskAnalyzer, script: { tS: number; interaction?: KioskInteraction }[], untilS: number): { tS: number; event: KioskOutput }[] {
  const out: { tS: number; event: KioskOutput }[] = [];
  const pending = [...script].sort((a, b) => a.tS - b.tS);
  for (let tenth = 0; tenth <= untilS * 10; tenth++) {
    const tS = tenth / 10;
    while (pending.length && pending[0]!.tS + 0.5 <= tS) {
      const next = pending.shift()!;
      if (next.interaction) for (const event of analyzer.ingest([next.interaction], ms(tS))) out.push({ tS, event });
    }
    if (tenth % 10 === 0) for (const event of analyzer.tick(ms(tS))) out.push({ tS, event });
  }
  return out;
}

const frictions = (events: { event: KioskOutput }[]) => events.filter(({ event }) => event.type === 'tp.distress.detected' && event.data.kind === 'kiosk-friction');
const sessions = (events: { event: KioskOutput }[]) => events.filter(({ event }) => event.type === 'tp.kiosk.session').map(({ event }) => event.data);

describe('KioskAnalyzer sessions', () => {
  it('reports a normal ticket session once, with its task, steps and duration, and no distress', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const c = customer();
    const events = run(analyzer, [
      { tS: 0, interaction: c.act('session-start', 0) },
      { tS: 2, interaction: c.act('screen', 2, { screen: 'ticket.service', task: 'ticket' }) },
      { tS: 5, interaction: c.act('screen', 5, { screen: 'ticket.confirm', task: 'ticket' }) },
      { tS: 9, interaction: c.act('complete', 9, { task: 'ticket' }) },
    ], 400);
    expect(events.map(({ event }) => event)).toEqual([{
      type: 'tp.kiosk.session',
      data: { zoneId: 'kiosk-area', kioskId: 'kiosk-1', sessionId: c.sessionId, task: 'ticket', outcome: 'completed', durationS: 9, steps: 2, errors: 0 },
    }]);
    expect(analyzer.openSessions).toBe(0);
  });

  it('ends a session the kiosk stopped talking about as timeout, lasting until its last interaction', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const c = customer();
    const events = run(analyzer, [
      { tS: 0, interaction: c.act('session-start', 0) },
      { tS: 3, interaction: c.act('screen', 3, { screen: 'appointment.slots', task: 'appointment' }) },
      { tS: 20, interaction: c.act('idle-warning', 20) },
    ], 300);
    expect(sessions(events)).toEqual([expect.objectContaining({ task: 'appointment', outcome: 'timeout', durationS: 20, steps: 1 })]);
    expect(events.find(({ event }) => event.type === 'tp.kiosk.session')!.tS).toBe(201);
    expect(frictions(events)).toEqual([]);
  });

  it('takes the outcome from how the session ended: the kiosk reset, giving up after an error, a help request', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const [reset, gaveUp, helped, bare] = [customer(), customer(), customer(), customer()];
    const outputs = [
      ...analyzer.ingest([reset.act('session-start', 0), reset.act('idle-warning', 40), reset.act('timeout', 70)], ms(71)),
      ...analyzer.ingest([gaveUp.act('screen', 0, { screen: 'appointment.check-in', task: 'appointment' }), gaveUp.act('error', 5, { code: 'appointment.not-found' }), gaveUp.act('abandon', 8)], ms(9)),
      ...analyzer.ingest([helped.act('screen', 0, { screen: 'self-help.list', task: 'self-help' }), helped.act('help-request', 4), helped.act('complete', 30, { task: 'call-person' })], ms(31)),
      ...analyzer.ingest([bare.act('abandon', 0)], ms(1)),
    ];
    expect(outputs.filter((o) => o.type === 'tp.kiosk.session').map((o) => [o.data.task, o.data.outcome, o.data.errors])).toEqual([
      ['other', 'timeout', 0], ['appointment', 'error', 1], ['call-person', 'escalated', 0], ['other', 'abandoned', 0],
    ]);
  });

  it("reports the self-help answer the customer took last, with whether it helped or they asked for a person", () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const [helped, handedOver, browsed] = [customer(), customer(), customer()];
    const stolen = { need: 'lost_or_stolen_card', confidence: 0.97, sure: true } as const;
    const outputs = [
      ...analyzer.ingest([
        helped.act('screen', 0, { screen: 'self-help.list', task: 'self-help' }),
        helped.act('answer', 6, { task: 'self-help', answer: { need: 'card_arrival', confidence: 0.41, sure: false } }),
        helped.act('answer', 9, { task: 'self-help', answer: stolen }),
        helped.act('screen', 9, { screen: 'self-help.article', task: 'self-help' }),
        helped.act('complete', 40, { task: 'self-help' }),
      ], ms(41)),
      ...analyzer.ingest([
        handedOver.act('screen', 0, { screen: 'self-help.list', task: 'self-help' }),
        handedOver.act('answer', 7, { task: 'self-help', answer: { need: 'exchange_rate', confidence: 0.22, sure: false } }),
        handedOver.act('help-request', 8, { task: 'call-person' }),
        handedOver.act('complete', 9, { task: 'call-person' }),
      ], ms(10)),
      ...analyzer.ingest([browsed.act('screen', 0, { screen: 'self-help.list', task: 'self-help' }), browsed.act('abandon', 5)], ms(6)),
    ];
    expect(outputs.filter((o) => o.type === 'tp.kiosk.session').map((o) => [o.data.task, o.data.outcome, o.data.answer])).toEqual([
      ['self-help', 'completed', stolen],
      ['call-person', 'escalated', { need: 'exchange_rate', confidence: 0.22, sure: false }],
      ['self-help', 'abandoned', undefined],
    ]);
  });

  it('drops repeated and late interactions, and takes a shuffled batch in seq order', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const c = customer();
    const batch = [
      c.act('session-start', 0), c.act('screen', 1, { screen: 'ticket.service', task: 'ticket' }),
      c.act('screen', 2, { screen: 'ticket.confirm', task: 'ticket' }), c.act('complete', 3, { task: 'ticket' }),
    ];
    const first = analyzer.ingest([batch[2]!, batch[0]!, batch[1]!], ms(2.5));
    const retried = analyzer.ingest([batch[0]!, batch[1]!, batch[2]!, batch[3]!], ms(4));
    const late = analyzer.ingest([batch[1]!, c.act('screen', 4, { screen: 'home' })], ms(5));
    expect([...first, ...late]).toEqual([]);
    expect(retried).toEqual([expect.objectContaining({ type: 'tp.kiosk.session', data: expect.objectContaining({ steps: 2, durationS: 3, outcome: 'completed' }) })]);
    expect(analyzer.openSessions).toBe(0);
  });

  it('keeps memory bounded: beyond maxSessions the least recently heard-from session ends', () => {
    const analyzer = new KioskAnalyzer(KIOSK, { ...SETTINGS, maxSessions: 4 });
    const customers = Array.from({ length: 6 }, () => customer());
    const ended = customers.flatMap((c, i) => analyzer.ingest([c.act('session-start', i)], ms(i)));
    expect(analyzer.openSessions).toBe(4);
    expect(ended.map((o) => o.type === 'tp.kiosk.session' && o.data.sessionId)).toEqual([customers[0]!.sessionId, customers[1]!.sessionId]);
  });
});

describe('KioskAnalyzer help requests', () => {
  it('raises a help request at once, once per session, and no friction for that session afterwards', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const c = customer();
    expect(analyzer.ingest([c.act('session-start', 0), c.act('help-request', 2)], ms(2))).toEqual([
      { type: 'tp.distress.detected', data: { zoneId: 'kiosk-area', kind: 'help-request', severity: 'high', confidence: 1, durationS: 0 } },
    ]);
    const errors = [3, 4, 5, 6].map((t) => c.act('error', t, { code: 'ticket.closed' }));
    const later = [...analyzer.ingest([c.act('help-request', 3), ...errors], ms(7))];
    for (let t = 8; t < 150; t++) later.push(...analyzer.tick(ms(t)));
    expect(later).toEqual([]);
  });

  it('still raises a help request pressed after the session ended', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const c = customer();
    analyzer.ingest([c.act('session-start', 0), c.act('abandon', 5)], ms(5));
    expect(analyzer.ingest([c.act('help-request', 6)], ms(6))).toEqual([expect.objectContaining({ data: expect.objectContaining({ kind: 'help-request' }) })]);
  });
});

describe('KioskAnalyzer friction', () => {
  it('raises exactly one kiosk-friction when the same error comes back a third time', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const c = customer();
    const script = [
      { tS: 0, interaction: c.act('session-start', 0) },
      { tS: 2, interaction: c.act('screen', 2, { screen: 'appointment.check-in', task: 'appointment' }) },
      ...[10, 18, 25, 31, 40].map((tS) => ({ tS, interaction: c.act('error', tS, { code: 'appointment.not-found' }) })),
      { tS: 50, interaction: c.act('abandon', 50) },
    ];
    const events = run(analyzer, script, 400);
    expect(frictions(events)).toEqual([{ tS: 25.5, event: { type: 'tp.distress.detected', data: expect.objectContaining({ zoneId: 'kiosk-area', kind: 'kiosk-friction', durationS: 15 }) } }]);
    // They gave up right after the error: the session's outcome says so.
    expect(sessions(events)).toEqual([expect.objectContaining({ outcome: 'error', errors: 5 })]);
  });

  it('raises friction for back-and-forth between the same screens, not for walking back home', () => {
    const screens = (c: ReturnType<typeof customer>, moves: [KioskInteraction['type'], string][]) =>
      moves.map(([type, screen], i) => ({ tS: 2 + i * 2, interaction: c.act(type, 2 + i * 2, { screen, task: 'ticket' }) }));
    const oscillating = customer();
    const stuck = run(new KioskAnalyzer(KIOSK, SETTINGS), screens(oscillating, [
      ['screen', 'ticket.service'], ['screen', 'ticket.confirm'], ['back', 'ticket.service'], ['screen', 'ticket.confirm'],
      ['back', 'ticket.service'], ['screen', 'ticket.confirm'], ['back', 'ticket.service'], ['screen', 'ticket.confirm'],
    ]), 40);
    expect(frictions(stuck)).toEqual([{ tS: 14.5, event: expect.objectContaining({ data: expect.objectContaining({ kind: 'kiosk-friction', durationS: 8 }) }) }]);

    const homeward = customer();
    const fine = run(new KioskAnalyzer(KIOSK, SETTINGS), screens(homeward, [
      ['screen', 'ticket.service'], ['screen', 'ticket.priority'], ['screen', 'ticket.language'], ['screen', 'ticket.confirm'],
      ['back', 'ticket.language'], ['back', 'ticket.priority'], ['back', 'ticket.service'], ['screen', 'ticket.vip'],
    ]), 40);
    expect(frictions(fine)).toEqual([]);
  });

  it('raises friction from the clock tick after a minute without progress, once, even if the kiosk clock is an hour off', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const c = customer(-3600);
    const events = run(analyzer, [
      { tS: 0, interaction: c.act('session-start', 0) },
      { tS: 2, interaction: c.act('screen', 2, { screen: 'appointment.slots', task: 'appointment' }) },
      { tS: 30, interaction: c.act('back', 30, { screen: 'appointment.slots' }) },
    ], 170);
    expect(frictions(events)).toEqual([{ tS: 63, event: expect.objectContaining({ data: expect.objectContaining({ kind: 'kiosk-friction', severity: 'low', durationS: 61 }) }) }]);
  });

  it('does not count the time the kiosk showed its idle warning as being stuck', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const c = customer();
    const events = run(analyzer, [
      { tS: 0, interaction: c.act('session-start', 0) },
      { tS: 2, interaction: c.act('screen', 2, { screen: 'self-help.article', task: 'self-help' }) },
      { tS: 45, interaction: c.act('idle-warning', 45) },
      { tS: 75, interaction: c.act('timeout', 75) },
    ], 100);
    expect(frictions(events)).toEqual([]);
    expect(sessions(events)).toEqual([expect.objectContaining({ outcome: 'timeout' })]);
  });

  it('rates a stronger signal higher: the same error again while going back and forth is high severity', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const c = customer();
    const moves: KioskInteraction[] = [
      c.act('screen', 0, { screen: 'ticket.service' }), c.act('screen', 1, { screen: 'ticket.confirm' }), c.act('error', 2, { code: 'ticket.closed' }),
      c.act('back', 3, { screen: 'ticket.service' }), c.act('screen', 4, { screen: 'ticket.confirm' }), c.act('error', 5, { code: 'ticket.closed' }),
      c.act('back', 6, { screen: 'ticket.service' }), c.act('screen', 7, { screen: 'ticket.confirm' }), c.act('error', 8, { code: 'ticket.closed' }),
      c.act('back', 9, { screen: 'ticket.service' }),
    ];
    const events = moves.flatMap((interaction, i) => analyzer.ingest([interaction], ms(i + 0.5)));
    expect(events).toEqual([expect.objectContaining({ data: expect.objectContaining({ kind: 'kiosk-friction', severity: 'high', confidence: expect.closeTo(0.89, 2) }) })]);
  });

  it('treats friction at the same kiosk within the cool-down as the same episode', () => {
    const analyzer = new KioskAnalyzer(KIOSK, SETTINGS);
    const stuckAgain = (c: ReturnType<typeof customer>, t: number) =>
      analyzer.ingest([c.act('session-start', t), ...[1, 2, 3].map((d) => c.act('error', t + d, { code: 'ticket.closed' })), c.act('abandon', t + 4)], ms(t + 4));
    const kinds = (outputs: KioskOutput[]) => outputs.filter((o) => o.type === 'tp.distress.detected').map((o) => o.type === 'tp.distress.detected' && o.data.kind);
    expect(kinds(stuckAgain(customer(), 0))).toEqual(['kiosk-friction']);
    expect(kinds(stuckAgain(customer(), 30))).toEqual([]);
    expect(kinds(stuckAgain(customer(), 200))).toEqual(['kiosk-friction']);
  });
});
