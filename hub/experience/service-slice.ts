/**
 * One service's share of an aggregate: its tickets, the feedback linked to its visits and the
 * camera peaks of the queue zones that hold its line. Alerts and kiosk sessions belong to no
 * service and stay branch-wide. Pure.
 */
import { emptyFeedbackPart } from './feedback-part.ts';
import type { HourAggregate } from './kpi-types.ts';

export function serviceSlice(aggregate: HourAggregate, serviceId: string, queueZoneIds: readonly string[]): HourAggregate {
  const tickets = aggregate.tickets[serviceId];
  const feedback = aggregate.feedbackByService[serviceId];
  return {
    ...aggregate,
    tickets: tickets ? { [serviceId]: tickets } : {},
    peakWaiting: tickets?.peakWaiting ?? 0,
    feedback: feedback ?? emptyFeedbackPart(),
    feedbackByService: feedback ? { [serviceId]: feedback } : {},
    cameraPeaks: Object.fromEntries(Object.entries(aggregate.cameraPeaks).filter(([zoneId]) => queueZoneIds.includes(zoneId))),
  };
}
