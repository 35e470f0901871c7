/**
 * `BranchKpis` → the flat `KpiLine` HQ shows in a ranking row, a day of a trend and a CSV line:
 * the branch-wide ticket figures, the scores, incidents and response times, and the kiosk. Pure.
 */
import type { BranchKpis } from '../experience/kpi-types.ts';
import type { KpiLine } from './hq-types.ts';

export function kpiLineOf(kpis: BranchKpis): KpiLine {
  const { tickets, feedback, alerts, kiosk } = kpis;
  return {
    issued: tickets.issued,
    served: tickets.served,
    waitAvgS: tickets.wait.avgS,
    waitP90S: tickets.wait.p90S,
    serviceLevel: tickets.serviceLevel,
    noShowRate: tickets.noShowRate,
    abandonmentRate: tickets.abandonmentRate,
    serviceTimeAvgS: tickets.serviceTime.avgS,
    peakWaiting: tickets.peakWaiting,
    csat: { ...feedback.csat },
    nps: { ...feedback.nps },
    complaints: feedback.complaints,
    incidents: Object.values(kpis.distress).reduce((sum, count) => sum + count, 0),
    incidentsByKind: { ...kpis.distress },
    acceptP50S: alerts.accept.p50S,
    acceptP90S: alerts.accept.p90S,
    arriveP50S: alerts.arrive.p50S,
    arriveP90S: alerts.arrive.p90S,
    resolveP50S: alerts.resolve.p50S,
    resolveP90S: alerts.resolve.p90S,
    kioskSessions: kiosk.sessions,
    kioskCompletionRate: kiosk.completionRate,
  };
}
