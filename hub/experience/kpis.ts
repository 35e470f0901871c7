/** An aggregate → the KPIs people read, by the definitions in README.md. Pure. */
import { DISTRESS_KINDS } from '../../protocol/events.ts';
import { durationKpi, round } from './durations.ts';
import { selfHelpTotal } from './self-help-part.ts';
import { emptyTicketPart, mergeTicketParts } from './ticket-part.ts';
import type {
  BranchKpis, DistressKind, FeedbackKpis, FeedbackPart, HourAggregate, KioskPart, KpiOptions, Score, SelfHelpKpis, SelfHelpPart, SelfHelpRates,
  SelfHelpTally, TicketKpis, TicketPart,
} from './kpi-types.ts';

/** A ratio 0-1 to four decimals; null when the denominator is 0 (no data, not 0 %). */
const ratio = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));

function ticketKpis(part: TicketPart): TicketKpis {
  const joined = part.issued + part.transfersIn;
  return {
    issued: part.issued,
    transfersIn: part.transfersIn,
    transfersOut: part.transfersOut,
    served: part.served,
    noShow: part.noShow,
    abandoned: part.abandoned,
    noShowRate: ratio(part.noShow, joined),
    abandonmentRate: ratio(part.abandoned, joined),
    wait: durationKpi(part.wait),
    serviceLevel: ratio(part.withinTarget, part.serviceLevelBase),
    serviceLevelBase: part.serviceLevelBase,
    serviceTime: durationKpi(part.serviceTime),
    peakWaiting: part.peakWaiting,
  };
}

/** A percent score (one decimal) that is hidden, with its count kept, below `minResponses`. */
function score(points: number, responses: number, minResponses: number): Score {
  if (responses === 0) return { responses, score: null, suppressed: false };
  if (responses < minResponses) return { responses, score: null, suppressed: true };
  return { responses, score: round((100 * points) / responses, 1), suppressed: false };
}

function feedbackKpis(part: FeedbackPart, minResponses: number): FeedbackKpis {
  return {
    csat: score(part.satisfied, part.csatResponses, minResponses),
    nps: score(part.promoters - part.detractors, part.npsResponses, minResponses),
    comments: part.comments,
    complaints: part.complaints,
  };
}

function kioskKpis(part: KioskPart, selfHelp: SelfHelpPart): BranchKpis['kiosk'] {
  const byTask: BranchKpis['kiosk']['byTask'] = {};
  let sessions = 0;
  let completed = 0;
  let abandoned = 0;
  for (const [task, outcomes] of Object.entries(part) as Array<[keyof KioskPart, NonNullable<KioskPart[keyof KioskPart]>]>) {
    const taskSessions = Object.values(outcomes).reduce((sum, count) => sum + count, 0);
    const taskCompleted = outcomes.completed ?? 0;
    byTask[task] = { sessions: taskSessions, completed: taskCompleted, completionRate: ratio(taskCompleted, taskSessions) };
    sessions += taskSessions;
    completed += taskCompleted;
    abandoned += (outcomes.abandoned ?? 0) + (outcomes.timeout ?? 0);
  }
  return {
    sessions, completed, abandoned, completionRate: ratio(completed, sessions), abandonmentRate: ratio(abandoned, sessions), byTask, selfHelp: selfHelpKpis(selfHelp),
  };
}

function selfHelpRates(tally: SelfHelpTally): SelfHelpRates {
  return {
    sessions: tally.sessions,
    sureRate: ratio(tally.sure, tally.sessions),
    helpedRate: ratio(tally.helped, tally.sessions),
    handedOverRate: ratio(tally.handedOver, tally.sessions),
  };
}

function selfHelpKpis(part: SelfHelpPart): SelfHelpKpis {
  return { ...selfHelpRates(selfHelpTotal(part)), byNeed: mapValues(part as Record<string, SelfHelpTally>, selfHelpRates) };
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

export function kpisOf(aggregate: HourAggregate, options: KpiOptions): BranchKpis {
  const services = Object.values(aggregate.tickets);
  const total = services.length === 0 ? emptyTicketPart() : mergeTicketParts(services);
  const distress: Partial<Record<DistressKind, number>> = {};
  for (const kind of DISTRESS_KINDS) {
    const count = aggregate.alerts.openedByKind[kind];
    if (count !== undefined) distress[kind] = count;
  }
  const { alerts } = aggregate;
  return {
    period: { start: aggregate.start, end: aggregate.end, hours: aggregate.hours },
    tickets: { ...ticketKpis(total), peakWaiting: aggregate.peakWaiting },
    byService: mapValues(aggregate.tickets, ticketKpis),
    queueLength: {
      cameraPeakByZone: { ...aggregate.cameraPeaks },
      ticketsWaitingPeakByService: mapValues(aggregate.tickets, (part) => part.peakWaiting),
    },
    distress,
    alerts: {
      opened: Object.values(alerts.openedByKind).reduce((sum, count) => sum + count, 0),
      openedByKind: { ...alerts.openedByKind },
      resolvedByPerson: alerts.resolvedByPerson,
      resolvedAuto: alerts.resolvedAuto,
      accept: durationKpi(alerts.accept),
      arrive: durationKpi(alerts.arrive),
      resolve: durationKpi(alerts.resolve),
    },
    kiosk: kioskKpis(aggregate.kiosk, aggregate.selfHelp ?? {}),
    feedback: feedbackKpis(aggregate.feedback, options.minResponses),
    feedbackByService: mapValues(aggregate.feedbackByService, (part) => feedbackKpis(part, options.minResponses)),
  };
}
