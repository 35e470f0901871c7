/**
 * One simulated branch-day planned in advance, pure and seeded: who comes when (a
 * non-homogeneous Poisson process over the opening hours), for what, how long their service
 * takes, how patient they are, whether they will answer the feedback prompt, which incidents
 * happen and which kiosk sessions, and when each counter is staffed. What the plan cannot know —
 * who is called when, how long each waits — the hub decides as the branch driver plays the plan.
 */
import { localTimeToMs } from '../../queue/branch-time.ts';
import type { Need } from '../../../protocol/needs.ts';
import { SeededRandom } from '../../queue/simulate-random.ts';
import { arrivalRate } from '../../queue/simulate-scenario.ts';
import type { KIOSK_OUTCOMES, KIOSK_TASKS } from '../../../protocol/vocabulary.ts';
import type { BranchProfile } from './branch-profiles.ts';
import { SERVICES, type BranchFile } from './branch-file.ts';
import { arrivalPoints, dayVolume, minutesOf, openingHours } from './calendar.ts';
import { throwFeedbackDice, type FeedbackDice } from './feedback-model.ts';

const MINUTE_MS = 60_000;

export type GiveUp = 'cancel' | 'noticed' | 'silent';

export interface PlannedVisit {
  atMs: number;
  serviceId: string;
  priority: 'normal' | 'assisted';
  language: 'zh-CN' | 'en';
  /** How long they wait before giving up, seconds. */
  patienceS: number;
  /** How they give up: cancel on their phone, leave where staff see it, or just go (a no-show when called). */
  givesUp: GiveUp;
  /** Stepped out and missed the call although they had not given up. */
  missesCall: boolean;
  /** From the call to the counter, seconds. */
  walkS: number;
  serviceS: number;
  /** Sent on to another service after the first (same ticket number, new queue). */
  transfer: { serviceId: string; serviceS: number } | null;
  feedback: FeedbackDice;
  /** From the end of service to the feedback answer, seconds. */
  feedbackDelayS: number;
}

export type IncidentKind = 'help-request' | 'fall' | 'negative-affect';

export interface PlannedIncident {
  atMs: number;
  kind: IncidentKind;
  zoneId: string;
  severity: 'low' | 'medium' | 'high';
}

export interface PlannedKioskSession {
  /** When the session ended (its event is sent then). */
  atMs: number;
  task: (typeof KIOSK_TASKS)[number];
  outcome: (typeof KIOSK_OUTCOMES)[number];
  durationS: number;
  steps: number;
  errors: number;
  /** The camera saw the customer struggle: a kiosk-friction sign before the session ended. */
  friction: boolean;
  /** A self-help question's answer: the need understood, how sure, and whether that was enough. */
  answer?: { need: Need; confidence: number; sure: boolean };
}

/** A teller at their counter from `fromMs` to `toMs` (a lunch break splits the day in two). */
export interface CounterShift {
  tellerIndex: number;
  counterId: string;
  fromMs: number;
  toMs: number;
  /** The day's last shift: the teller serves everyone still waiting before closing. */
  last: boolean;
}

export interface DayPlan {
  day: string;
  openMs: number;
  closeMs: number;
  visits: PlannedVisit[];
  incidents: PlannedIncident[];
  kioskSessions: PlannedKioskSession[];
  shifts: CounterShift[];
}

/** Incidents per customer, before the branch's `incidentRate`. */
const INCIDENTS_PER_VISIT: Record<IncidentKind, number> = { 'help-request': 0.014, 'negative-affect': 0.01, fall: 0.0008 };
const INCIDENT_ZONES: Record<IncidentKind, Record<string, number>> = {
  'help-request': { lobby: 0.6, 'kiosk-area': 0.25, entrance: 0.15 },
  'negative-affect': { 'teller-line': 0.5, 'accounts-line': 0.2, lobby: 0.3 },
  fall: { entrance: 0.4, lobby: 0.6 },
};
const KIOSK_SESSIONS_PER_VISIT = 0.8;
const KIOSK_TASK_MIX = { ticket: 0.55, 'self-help': 0.3, appointment: 0.05, feedback: 0.05, other: 0.05 } as const;
const KIOSK_OUTCOME_MIX = { completed: 0.8, abandoned: 0.09, timeout: 0.05, error: 0.03, escalated: 0.03 } as const;
/** The needs customers ask a branch kiosk about most, by share. */
const SELF_HELP_NEEDS = {
  card_arrival: 0.14, exchange_rate: 0.1, transfer_timing: 0.1, lost_or_stolen_card: 0.08, pin_blocked: 0.08, change_pin: 0.08,
  verify_my_identity: 0.08, declined_card_payment: 0.07, activate_my_card: 0.07, cash_withdrawal_charge: 0.06,
  Refund_not_showing_up: 0.05, top_up_failed: 0.05, card_swallowed: 0.04,
} as const satisfies Partial<Record<Need, number>>;
/** Self-help sessions in which the customer typed a question; the kiosk is sure of the answer to most (models/cards/kb-intent.md). */
const ASKED_RATE = 0.7;
const SURE_RATE = 0.85;
/** A customer the kiosk was not sure for asks for a person this often. */
const NOT_SURE_CALLS = 0.35;
const LUNCH_MS = 45 * MINUTE_MS;
const TRANSFER_RATE = 0.04;

/** A day's plan; null when the branch is closed that day. The same inputs give the same plan. */
export function planDay(profile: BranchProfile, file: Pick<BranchFile, 'tellers'>, day: string, seed: number): DayPlan | null {
  const hours = openingHours(day, profile.weekend);
  if (!hours) return null;
  const random = new SeededRandom(mixSeed(seed, `${profile.id}:${day}`));
  const openMs = localTimeToMs(day, hours.open, profile.timezone);
  const closeMs = localTimeToMs(day, hours.close, profile.timezone);
  const volume = dayVolume(day) * random.lognormal(1, 0.1);
  const points = arrivalPoints(profile.peakPerHour * volume);
  const rateAt = (ms: number) => arrivalRate(points, minutesOf(hours.open) + (ms - openMs) / MINUTE_MS);

  const visits = poissonTimes(random, openMs, closeMs - 5 * MINUTE_MS, rateAt).map((atMs) => planVisit(random, profile, atMs));
  const incidents = visits.flatMap((visit) => planIncidents(random, profile, visit.atMs, closeMs));
  const kioskSessions = poissonTimes(random, openMs, closeMs, (ms) => rateAt(ms) * KIOSK_SESSIONS_PER_VISIT).map((atMs) => planKioskSession(random, atMs));
  return { day, openMs, closeMs, visits, incidents, kioskSessions, shifts: planShifts(file, openMs, closeMs) };
}

/** Event times of a Poisson process with rate `rateAt` (per hour) in [from, to), by thinning. */
function poissonTimes(random: SeededRandom, from: number, to: number, rateAt: (ms: number) => number): number[] {
  let peak = 0;
  for (let t = from; t < to; t += MINUTE_MS) peak = Math.max(peak, rateAt(t));
  if (peak <= 0) return [];
  const times: number[] = [];
  for (let t = from + random.exponential(3_600_000 / peak); t < to; t += random.exponential(3_600_000 / peak)) {
    if (random.next() * peak < rateAt(t)) times.push(Math.round(t));
  }
  return times;
}

function planVisit(random: SeededRandom, profile: BranchProfile, atMs: number): PlannedVisit {
  const shares = { teller: 1 - 0.28 - profile.fxShare, accounts: 0.2, fx: profile.fxShare, wealth: 0.08 };
  const serviceId = random.pick(shares);
  const serviceTime = (id: string) => {
    const service = SERVICES.find((candidate) => candidate.id === id)!;
    return Math.max(30, random.lognormal(service.meanServiceS * profile.serviceSpeed, service.serviceCv));
  };
  const transferTo = serviceId === 'teller' ? 'accounts' : serviceId === 'accounts' ? 'wealth' : 'teller';
  return {
    atMs,
    serviceId,
    priority: random.next() < 0.05 ? 'assisted' : 'normal',
    language: random.next() < profile.englishShare ? 'en' : 'zh-CN',
    patienceS: random.lognormal(35 * 60 * profile.patience, 0.6),
    givesUp: random.pick({ cancel: 0.3, noticed: 0.2, silent: 0.5 }),
    missesCall: random.next() < 0.02,
    walkS: 15 + random.exponential(25),
    serviceS: serviceTime(serviceId),
    transfer: random.next() < TRANSFER_RATE ? { serviceId: transferTo, serviceS: serviceTime(transferTo) } : null,
    feedback: throwFeedbackDice(random),
    feedbackDelayS: 20 + random.exponential(90),
  };
}

function planIncidents(random: SeededRandom, profile: BranchProfile, atMs: number, closeMs: number): PlannedIncident[] {
  const incidents: PlannedIncident[] = [];
  for (const kind of Object.keys(INCIDENTS_PER_VISIT) as IncidentKind[]) {
    if (random.next() >= INCIDENTS_PER_VISIT[kind] * profile.incidentRate) continue;
    const at = Math.min(closeMs - MINUTE_MS, atMs + Math.round(random.next() * 10 * MINUTE_MS));
    const severity = kind === 'fall' ? 'high' : kind === 'help-request' && random.next() < 0.3 ? 'low' : 'medium';
    incidents.push({ atMs: at, kind, zoneId: random.pick(INCIDENT_ZONES[kind]), severity });
  }
  return incidents;
}

function planKioskSession(random: SeededRandom, atMs: number): PlannedKioskSession {
  let task: PlannedKioskSession['task'] = random.pick(KIOSK_TASK_MIX);
  let outcome: PlannedKioskSession['outcome'] = task === 'ticket' && random.next() < 0.5 ? 'completed' : random.pick(KIOSK_OUTCOME_MIX);
  let answer: PlannedKioskSession['answer'];
  if (task === 'self-help' && random.next() < ASKED_RATE) {
    const sure = random.next() < SURE_RATE;
    const confidence = Math.round((sure ? 0.5 + 0.5 * random.next() : 0.05 + 0.4 * random.next()) * 1000) / 1000;
    answer = { need: random.pick(SELF_HELP_NEEDS), confidence, sure };
    if (!sure && random.next() < NOT_SURE_CALLS) [task, outcome] = ['call-person', 'escalated'];
  }
  const struggled = outcome === 'abandoned' || outcome === 'timeout' || outcome === 'error';
  const errors = struggled ? 1 + Math.floor(random.exponential(1.2)) : random.next() < 0.1 ? 1 : 0;
  const steps = (task === 'ticket' ? 3 : 5) + Math.floor(random.exponential(2)) + errors;
  const durationS = Math.round((task === 'ticket' ? 35 : 110) * random.lognormal(1, 0.5) + (outcome === 'timeout' ? 60 : 0));
  return { atMs, task, outcome, durationS, steps, errors, friction: struggled && random.next() < 0.5, ...(answer && { answer }) };
}

/**
 * Each teller works their counter from opening to closing; on days of seven hours or more they
 * take a 45-minute lunch in one of three waves from 11:30, so fewer counters are open at noon.
 */
function planShifts(file: Pick<BranchFile, 'tellers'>, openMs: number, closeMs: number): CounterShift[] {
  const lunchFrom = openMs + 150 * MINUTE_MS;
  return file.tellers.flatMap(({ counterId }, tellerIndex): CounterShift[] => {
    if (closeMs - openMs < 7 * 60 * MINUTE_MS) return [{ tellerIndex, counterId, fromMs: openMs, toMs: closeMs, last: true }];
    const lunch = lunchFrom + (tellerIndex % 3) * LUNCH_MS;
    return [
      { tellerIndex, counterId, fromMs: openMs, toMs: lunch, last: false },
      { tellerIndex, counterId, fromMs: lunch + LUNCH_MS, toMs: closeMs, last: true },
    ];
  });
}

/** A seed for one branch-day, from the run's seed and a label (FNV-1a). */
export function mixSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
