/**
 * Kiosk analyzer, one per kiosk: turns the interactions its page posts (protocol/kiosk-telemetry.ts)
 * into tp.kiosk.session for every finished session and tp.distress.detected when the customer is
 * stuck (`kiosk-friction`) or asks for a person (`help-request`). Pure: no timers and no I/O; every
 * call takes the edge clock's `nowMs`, and `tick` is driven by the node's clock.
 *
 * Sessions
 *  - start at `session-start`, or at the first interaction of an unknown sessionId;
 *  - end at `complete`, `abandon` or `timeout`, or when nothing arrived for `sessionIdleS` (outcome
 *    timeout: the kiosk's own reset normally comes first, this covers a kiosk that went dark);
 *  - durationS runs from the first to the last interaction seen; steps are the screens shown
 *    (`screen`), errors the errors shown; task is the task of the latest interaction (by seq) that
 *    names one, else `other`; outcome is `escalated` when the customer asked for a person, `error`
 *    when they gave up (abandon, timeout) right after an error, else completed / abandoned / timeout;
 *    answer is the latest self-help answer (by seq) the customer took: the need and how sure, never
 *    the question.
 *  - A batch is taken in seq order per session; a repeated sessionId + seq is dropped, and so is an
 *    interaction of a session that already ended (ended ids are remembered for 2 × sessionIdleS) —
 *    except a help request, which is never dropped.
 *  - Times within a session come from the kiosk's `at`. The kiosk's "now" is the edge clock minus
 *    the session's offset (the least receivedMs − at seen: clock skew plus the shortest delay), so a
 *    kiosk whose clock is wrong still gets correct timers.
 *
 * Friction: any of
 *  - oscillation: ≥ `backs` back presses within `backWindowS` and one screen shown ≥ `backs` times
 *    in that window (going back and forth between the same screens, not walking back home);
 *  - the same error code `sameError` times in the session;
 *  - no progress (no screen shown, no completion) for `noProgressS`, unless the kiosk's idle
 *    warning is showing (the customer walked away; keep `noProgressS` above the kiosk's idleWarnS).
 * One kiosk-friction per session, none after a help request in it, and none while the kiosk is in
 * its `cooldownS` after a friction or help request: a person is on the way, it is the same episode.
 * Strength: each signal as a share of its threshold (capped at 2), summed, so the other signals
 * building up beside the one that fired count too: severity high from 1.6, medium from 1.3, else
 * low (one rule alone); confidence 0.3 + 0.35 × sum, at most 1.
 * A help request goes out at once, once per session: severity high, confidence 1, durationS 0.
 *
 * Memory: at most `maxSessions` open (beyond, the least recently heard-from ends as timeout), at most
 * `maxInteractions` remembered per session, at most 32 error codes per session.
 */
import type { EventData } from '../../protocol/events.ts';
import type { KioskInteraction } from '../../protocol/kiosk-telemetry.ts';

export interface KioskFrictionSettings {
  backs: number;
  backWindowS: number;
  sameError: number;
  noProgressS: number;
  cooldownS: number;
}

export interface KioskAnalyzerSettings {
  sessionIdleS: number;
  friction: KioskFrictionSettings;
  maxSessions?: number;
  maxInteractions?: number;
}

export type KioskOutput =
  | { type: 'tp.kiosk.session'; data: EventData<'tp.kiosk.session'> }
  | { type: 'tp.distress.detected'; data: EventData<'tp.distress.detected'> };

type Task = EventData<'tp.kiosk.session'>['task'];
type SelfHelpAnswer = NonNullable<KioskInteraction['answer']>;
type Ending = 'completed' | 'abandoned' | 'timeout';
type InteractionType = KioskInteraction['type'];

const ENDINGS: Partial<Record<InteractionType, Ending>> = { complete: 'completed', abandon: 'abandoned', timeout: 'timeout' };
const MAX_ERROR_CODES = 32;
const MAX_ENDED_REMEMBERED = 256;
const round2 = (value: number) => Math.round(value * 100) / 100;

interface Session {
  id: string;
  offsetMs: number;
  startAtMs: number;
  lastAtMs: number;
  lastHeardMs: number;
  seen: Set<number>;
  /** The type of the latest interaction (by seq), and of the latest one the customer made (not the kiosk's idle warning). */
  latest: { seq: number; type: InteractionType };
  latestByCustomer: { seq: number; type: InteractionType };
  task: { seq: number; task: Task } | null;
  steps: number;
  errors: number;
  errorCodes: Map<string, { count: number; firstAtMs: number }>;
  lastProgressAtMs: number;
  backsAtMs: number[];
  screens: { atMs: number; screen: string }[];
  helpRequested: boolean;
  frictionDone: boolean;
  /** The latest self-help answer the customer took (by seq). */
  answer: { seq: number; answer: SelfHelpAnswer } | null;
}

export class KioskAnalyzer {
  readonly #open = new Map<string, Session>();
  /** Ended sessions (insertion order = end order): when, and whether a help request went out. */
  readonly #ended = new Map<string, { endedMs: number; helped: boolean }>();
  #quietUntilMs = -Infinity;
  readonly #maxSessions: number;
  readonly #maxInteractions: number;

  constructor(
    readonly kiosk: { id: string; zoneId: string },
    private readonly settings: KioskAnalyzerSettings,
  ) {
    this.#maxSessions = settings.maxSessions ?? 16;
    this.#maxInteractions = settings.maxInteractions ?? 1000;
  }

  get openSessions(): number {
    return this.#open.size;
  }

  /** One posted batch, received at `nowMs` (edge clock); returns the events to publish, in order. */
  ingest(interactions: readonly KioskInteraction[], nowMs: number): KioskOutput[] {
    const out: KioskOutput[] = [];
    const bySession = new Map<string, KioskInteraction[]>();
    for (const interaction of interactions) {
      const batch = bySession.get(interaction.sessionId);
      if (batch) batch.push(interaction);
      else bySession.set(interaction.sessionId, [interaction]);
    }
    for (const batch of bySession.values()) {
      for (const interaction of batch.sort((a, b) => a.seq - b.seq)) this.#take(interaction, nowMs, out);
    }
    return out;
  }

  /** The node's clock tick: ends sessions that went quiet and checks the no-progress rule. */
  tick(nowMs: number): KioskOutput[] {
    const out: KioskOutput[] = [];
    for (const session of [...this.#open.values()]) {
      if (nowMs - session.offsetMs - session.lastAtMs >= this.settings.sessionIdleS * 1000) this.#end(session, 'timeout', nowMs, out);
      else this.#checkFriction(session, nowMs, out);
    }
    const forgetBefore = nowMs - 2 * this.settings.sessionIdleS * 1000;
    for (const [id, ended] of this.#ended) {
      if (ended.endedMs >= forgetBefore) break;
      this.#ended.delete(id);
    }
    return out;
  }

  #take(interaction: KioskInteraction, nowMs: number, out: KioskOutput[]): void {
    const atMs = Date.parse(interaction.at);
    const ended = this.#ended.get(interaction.sessionId);
    if (ended) {
      if (interaction.type === 'help-request' && !ended.helped) {
        ended.helped = true;
        this.#requestHelp(nowMs, out);
      }
      return;
    }
    const session = this.#open.get(interaction.sessionId) ?? this.#begin(interaction.sessionId, atMs, nowMs, out);
    const { seq, type } = interaction;
    if (session.seen.has(seq)) return;
    const ending = ENDINGS[type];
    if (session.seen.size >= this.#maxInteractions && !ending && type !== 'help-request') return;
    session.seen.add(seq);
    session.offsetMs = Math.min(session.offsetMs, nowMs - atMs);
    session.startAtMs = Math.min(session.startAtMs, atMs);
    session.lastAtMs = Math.max(session.lastAtMs, atMs);
    session.lastHeardMs = nowMs;
    if (interaction.task && (!session.task || seq > session.task.seq)) session.task = { seq, task: interaction.task };
    if (interaction.answer && (!session.answer || seq > session.answer.seq)) session.answer = { seq, answer: interaction.answer };
    if (ending) return this.#end(session, ending, nowMs, out);
    if (seq > session.latest.seq) session.latest = { seq, type };
    if (type !== 'idle-warning' && seq > session.latestByCustomer.seq) session.latestByCustomer = { seq, type };

    if (type === 'screen') {
      session.steps += 1;
      session.lastProgressAtMs = Math.max(session.lastProgressAtMs, atMs);
    } else if (type === 'back') {
      session.backsAtMs.push(atMs);
    } else if (type === 'error') {
      session.errors += 1;
      const code = interaction.code ?? 'unspecified';
      const seen = session.errorCodes.get(code);
      if (seen) seen.count += 1;
      else if (session.errorCodes.size < MAX_ERROR_CODES) session.errorCodes.set(code, { count: 1, firstAtMs: atMs });
    } else if (type === 'help-request' && !session.helpRequested) {
      session.helpRequested = true;
      this.#requestHelp(nowMs, out);
    }
    // A back press names the screen it returned to, when the kiosk says so.
    if (interaction.screen && (type === 'screen' || type === 'back')) session.screens.push({ atMs, screen: interaction.screen });
    this.#checkFriction(session, nowMs, out);
  }

  #begin(sessionId: string, atMs: number, nowMs: number, out: KioskOutput[]): Session {
    if (this.#open.size >= this.#maxSessions) {
      const stalest = [...this.#open.values()].reduce((a, b) => (b.lastHeardMs < a.lastHeardMs ? b : a));
      this.#end(stalest, 'timeout', nowMs, out);
    }
    const session: Session = {
      id: sessionId, offsetMs: nowMs - atMs, startAtMs: atMs, lastAtMs: atMs, lastHeardMs: nowMs, seen: new Set(),
      latest: { seq: -1, type: 'session-start' }, latestByCustomer: { seq: -1, type: 'session-start' }, task: null,
      steps: 0, errors: 0, errorCodes: new Map(), lastProgressAtMs: atMs, backsAtMs: [], screens: [], helpRequested: false, frictionDone: false, answer: null,
    };
    this.#open.set(sessionId, session);
    return session;
  }

  #end(session: Session, ending: Ending, nowMs: number, out: KioskOutput[]): void {
    const gaveUpOnError = ending !== 'completed' && session.latestByCustomer.type === 'error';
    out.push({
      type: 'tp.kiosk.session',
      data: {
        zoneId: this.kiosk.zoneId,
        kioskId: this.kiosk.id,
        sessionId: session.id,
        task: session.task?.task ?? 'other',
        outcome: session.helpRequested ? 'escalated' : gaveUpOnError ? 'error' : ending,
        durationS: Math.round((session.lastAtMs - session.startAtMs) / 1000),
        steps: session.steps,
        errors: session.errors,
        ...(session.answer && { answer: session.answer.answer }),
      },
    });
    this.#open.delete(session.id);
    this.#ended.set(session.id, { endedMs: nowMs, helped: session.helpRequested });
    if (this.#ended.size > MAX_ENDED_REMEMBERED) this.#ended.delete(this.#ended.keys().next().value!);
  }

  #requestHelp(nowMs: number, out: KioskOutput[]): void {
    this.#quietUntilMs = nowMs + this.settings.friction.cooldownS * 1000;
    out.push({ type: 'tp.distress.detected', data: { zoneId: this.kiosk.zoneId, kind: 'help-request', severity: 'high', confidence: 1, durationS: 0 } });
  }

  #checkFriction(session: Session, nowMs: number, out: KioskOutput[]): void {
    if (session.frictionDone || session.helpRequested) return;
    const { backs, backWindowS, sameError, noProgressS, cooldownS } = this.settings.friction;
    const kioskNowMs = nowMs - session.offsetMs;
    const windowStartMs = kioskNowMs - backWindowS * 1000;
    session.backsAtMs = session.backsAtMs.filter((atMs) => atMs >= windowStartMs);
    session.screens = session.screens.filter((shown) => shown.atMs >= windowStartMs);
    const visits = new Map<string, number>();
    for (const { screen } of session.screens) visits.set(screen, (visits.get(screen) ?? 0) + 1);
    const mostVisits = Math.max(0, ...visits.values());
    const worstError = [...session.errorCodes.values()].reduce((a, b) => (b.count > a.count ? b : a), { count: 0, firstAtMs: kioskNowMs });
    const idleWarned = session.latest.type === 'idle-warning';

    const signals = [
      { share: Math.min(session.backsAtMs.length, mostVisits) / backs, sinceMs: session.backsAtMs[0] ?? kioskNowMs },
      { share: worstError.count / sameError, sinceMs: worstError.firstAtMs },
      { share: idleWarned ? 0 : (kioskNowMs - session.lastProgressAtMs) / (noProgressS * 1000), sinceMs: session.lastProgressAtMs },
    ];
    const fired = signals.filter((signal) => signal.share >= 1);
    if (fired.length === 0) return;
    session.frictionDone = true;
    if (nowMs < this.#quietUntilMs) return; // a person was sent here moments ago: the same episode
    this.#quietUntilMs = nowMs + cooldownS * 1000;
    const strength = signals.reduce((sum, signal) => sum + Math.min(2, signal.share), 0);
    out.push({
      type: 'tp.distress.detected',
      data: {
        zoneId: this.kiosk.zoneId,
        kind: 'kiosk-friction',
        severity: strength >= 1.6 ? 'high' : strength >= 1.3 ? 'medium' : 'low',
        confidence: round2(Math.min(1, 0.3 + 0.35 * strength)),
        durationS: Math.round(Math.max(...fired.map((signal) => kioskNowMs - signal.sinceMs)) / 1000),
      },
    });
  }
}
