import { describe, expect, it } from 'vitest';
import { aggregateHour } from '../experience/aggregate.ts';
import { MINUTE, SECOND, records, servedTicket, ticket } from '../experience/kpi-test-kit.ts';
import { kpisOf } from '../experience/kpis.ts';
import { kpiLineOf } from './kpi-line.ts';

const TZ = 'Asia/Shanghai';
const H = Date.parse('2026-11-23T02:00:00Z'); // 10:00 in Shanghai

describe('a KPI line', () => {
  it('flattens the branch-wide figures HQ compares, one value each', () => {
    const hour = records({
      // Waits 120 s and 900 s against a 600 s target, service 300 s each; one customer left.
      tickets: [servedTicket('teller', H, 120, 300), servedTicket('fx', H + MINUTE, 900, 300), ticket('teller', H + 2 * MINUTE, { status: 'left', endedAt: H + 5 * MINUTE })],
      feedback: [{ at: H + 30 * MINUTE, serviceId: 'teller', csat: 1, nps: 2, comment: 'too slow' }],
      alerts: [
        { id: 'a1', kind: 'fall', openedAt: H, resolvedAt: H + 4 * MINUTE, resolvedBy: 'staff' },
        { id: 'a2', kind: 'fall', openedAt: H + 10 * MINUTE, resolvedAt: null, resolvedBy: null },
        { id: 'a3', kind: 'edge-offline', openedAt: H, resolvedAt: null, resolvedBy: null },
      ],
      dispatches: [{ id: 'd1', alertId: 'a1', createdAt: H, acceptedAt: H + 20 * SECOND, arrivedAt: H + 80 * SECOND }],
      kioskSessions: [{ at: H, zoneId: 'kiosk', task: 'ticket', outcome: 'completed' }, { at: H, zoneId: 'kiosk', task: 'ticket', outcome: 'timeout' }],
    });
    const line = kpiLineOf(kpisOf(aggregateHour(hour, H, TZ, { teller: 600, fx: 600 }), { minResponses: 30 }));
    expect(line).toEqual({
      issued: 3, served: 2, waitAvgS: 510, waitP90S: 900, serviceLevel: 0.5, noShowRate: 0, abandonmentRate: 0.3333,
      serviceTimeAvgS: 300, peakWaiting: 2,
      csat: { responses: 1, score: null, suppressed: true },
      nps: { responses: 1, score: null, suppressed: true },
      complaints: 1,
      // Distress incidents only: the camera going offline is an alert, not an incident.
      incidents: 2, incidentsByKind: { fall: 2 },
      acceptP50S: 20, acceptP90S: 20, arriveP50S: 60, arriveP90S: 60, resolveP50S: 240, resolveP90S: 240,
      kioskSessions: 2, kioskCompletionRate: 0.5,
    });
  });
});
