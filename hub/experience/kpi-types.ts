/**
 * The shapes of the experience KPIs: the records they are computed from (plain objects shaped
 * after the Prisma rows and protocol events, times as epoch ms), the mergeable per-hour
 * aggregate, and the KPIs a branch or HQ reads. Definitions: README.md in this folder.
 */
import type { DISTRESS_KINDS, KIOSK_OUTCOMES, KIOSK_TASKS } from '../../protocol/events.ts';
import type { Need } from '../../protocol/needs.ts';
import type { SecondsHistogram } from './histogram.ts';

export type DistressKind = (typeof DISTRESS_KINDS)[number];
export type KioskTask = (typeof KIOSK_TASKS)[number];
export type KioskOutcome = (typeof KIOSK_OUTCOMES)[number];
export type { Need };
export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'no-show' | 'transferred' | 'cancelled' | 'left';

// ---- input records ---------------------------------------------------------------------------

/** A `Ticket` row. `joinedAt`: when it joined its service's queue — `issuedAt`, or for a transfer
 * (which keeps the original's `issuedAt`) the moment of the transfer, i.e. its first TicketEvent. */
export interface TicketRecord {
  id: string;
  serviceId: string;
  status: TicketStatus;
  issuedAt: number;
  joinedAt: number;
  calledAt: number | null; // the first call; a recall keeps it
  startedAt: number | null;
  endedAt: number | null;
  transferredFromId: string | null;
}

/** A `Feedback` row: linked to a visit's service, never to a person. */
export interface FeedbackRecord {
  at: number;
  serviceId: string | null;
  csat: number; // 1-5
  nps: number | null; // 0-10, when answered
  comment: string | null;
}

/** An `Alert` row. */
export interface AlertRecord {
  id: string;
  kind: string; // a distress kind, edge-offline, wait-breach, ...
  openedAt: number;
  resolvedAt: number | null;
  resolvedBy: 'staff' | 'manager' | 'auto' | null;
}

/** A `Dispatch` row: a person sent to an alert. */
export interface DispatchRecord {
  id: string;
  alertId: string;
  createdAt: number; // the first offer
  acceptedAt: number | null;
  arrivedAt: number | null;
}

/** A `tp.kiosk.session` event: one finished self-service session; `at` is the event time. */
export interface KioskSessionRecord {
  at: number;
  zoneId: string;
  task: KioskTask;
  outcome: KioskOutcome;
  /** The last self-help answer the customer took: the need their question was understood as, and whether the kiosk was sure. */
  answer?: { need: Need; sure: boolean };
}

/** A `tp.queue.observed` event: people a camera counts in a queue zone. */
export interface QueueObservationRecord {
  at: number;
  zoneId: string;
  count: number;
}

export interface ExperienceRecords {
  tickets: readonly TicketRecord[];
  feedback: readonly FeedbackRecord[];
  alerts: readonly AlertRecord[];
  dispatches: readonly DispatchRecord[];
  kioskSessions: readonly KioskSessionRecord[];
  queueObservations: readonly QueueObservationRecord[];
}

/** Service id → its target wait in seconds (`Service.targetWaitS`) during the hour. */
export type ServiceTargets = Readonly<Record<string, number>>;

// ---- the mergeable aggregate -----------------------------------------------------------------

/** Durations: exact count and sum (integer ms), and a histogram for percentiles. */
export interface DurationPart {
  count: number;
  sumMs: number;
  histogram: SecondsHistogram;
}

export interface TicketPart {
  issued: number;
  transfersIn: number;
  transfersOut: number;
  served: number;
  noShow: number;
  abandoned: number; // left or cancelled before service
  wait: DurationPart; // joined → first call, tickets whose service started
  serviceTime: DurationPart; // started → ended
  withinTarget: number; // service level numerator
  serviceLevelBase: number; // served with a target + gave up after the target
  peakWaiting: number;
}

export interface FeedbackPart {
  csatResponses: number;
  satisfied: number; // CSAT 4 or 5
  npsResponses: number;
  promoters: number; // 9-10
  detractors: number; // 0-6
  comments: number;
  complaints: number;
}

export interface AlertPart {
  openedByKind: Record<string, number>;
  resolvedByPerson: number;
  resolvedAuto: number;
  accept: DurationPart; // offered → accepted
  arrive: DurationPart; // accepted → arrived
  resolve: DurationPart; // opened → resolved by a person
}

/** Kiosk sessions by task, then by outcome. */
export type KioskPart = Partial<Record<KioskTask, Partial<Record<KioskOutcome, number>>>>;

/** Sessions that took a self-help answer, by the need the question was understood as. */
export interface SelfHelpTally {
  sessions: number;
  sure: number; // the kiosk was sure enough to answer
  helped: number; // outcome completed
  handedOver: number; // outcome escalated: the customer asked for a person
}
export type SelfHelpPart = Partial<Record<Need, SelfHelpTally>>;

/**
 * The partial aggregate of one branch-local hour, or the merge of several (a day, an HQ period
 * across branches). JSON-safe, bounded in size, and merged without the records it came from.
 */
export interface HourAggregate {
  start: number; // earliest hour start covered
  end: number; // latest hour end covered
  hours: number; // how many branch-hours were merged into it
  tickets: Record<string, TicketPart>; // by service id
  peakWaiting: number; // most tickets waiting at once, all services together
  feedback: FeedbackPart;
  feedbackByService: Record<string, FeedbackPart>; // answers linked to a service
  alerts: AlertPart;
  kiosk: KioskPart;
  /** Absent in hours computed before self-help answers were counted: read as none. */
  selfHelp?: SelfHelpPart;
  cameraPeaks: Record<string, number>; // zone id → highest camera count
}

// ---- the KPIs --------------------------------------------------------------------------------

/** Seconds; `null` when there is nothing to measure. Percentiles: see histogram.ts. */
export interface DurationKpi {
  count: number;
  avgS: number | null;
  p50S: number | null;
  p90S: number | null;
}

export interface TicketKpis {
  issued: number;
  transfersIn: number;
  transfersOut: number;
  served: number;
  noShow: number;
  abandoned: number;
  noShowRate: number | null; // 0-1
  abandonmentRate: number | null; // 0-1
  wait: DurationKpi;
  serviceLevel: number | null; // 0-1
  serviceLevelBase: number;
  serviceTime: DurationKpi;
  peakWaiting: number;
}

/** A score in percent (CSAT 0-100, NPS -100..100) with the answers behind it. `suppressed`:
 * there were answers, but fewer than the report's minimum, so the score is hidden. */
export interface Score {
  responses: number;
  score: number | null;
  suppressed: boolean;
}

export interface FeedbackKpis {
  csat: Score;
  nps: Score;
  comments: number;
  complaints: number;
}

/** Self-help answers: how often the kiosk was sure, helped, or handed over to a person; overall and by need. */
export interface SelfHelpRates {
  sessions: number;
  sureRate: number | null; // 0-1
  helpedRate: number | null; // 0-1, sessions completed after the answer
  handedOverRate: number | null; // 0-1, sessions where the customer asked for a person
}
export interface SelfHelpKpis extends SelfHelpRates {
  byNeed: Partial<Record<Need, SelfHelpRates>>;
}

export interface BranchKpis {
  period: { start: number; end: number; hours: number };
  tickets: TicketKpis;
  byService: Record<string, TicketKpis>;
  queueLength: { cameraPeakByZone: Record<string, number>; ticketsWaitingPeakByService: Record<string, number> };
  distress: Partial<Record<DistressKind, number>>;
  alerts: {
    opened: number;
    openedByKind: Record<string, number>;
    resolvedByPerson: number;
    resolvedAuto: number;
    accept: DurationKpi;
    arrive: DurationKpi;
    resolve: DurationKpi;
  };
  kiosk: {
    sessions: number;
    completed: number;
    abandoned: number; // abandoned or timed out
    completionRate: number | null;
    abandonmentRate: number | null;
    byTask: Partial<Record<KioskTask, { sessions: number; completed: number; completionRate: number | null }>>;
    selfHelp: SelfHelpKpis;
  };
  feedback: FeedbackKpis;
  feedbackByService: Record<string, FeedbackKpis>;
}

export interface KpiOptions {
  /** Fewer answers than this hide CSAT and NPS (HQ: 30). A branch's own view uses 1. */
  minResponses: number;
}
