import { describe, expect, it } from 'vitest';
import { aggregateHour, aggregatePeriod, mergeAggregates } from './aggregate.ts';
import { MINUTE, records, servedTicket, ticket } from './kpi-test-kit.ts';
import { kpisOf } from './kpis.ts';
import { HOUR_MS, isLocalHourStart, localHourLabel, localHourStart, localHourStarts } from './local-hours.ts';

const BERLIN = 'Europe/Berlin';
const SHANGHAI = 'Asia/Shanghai';

describe('branch-local hours', () => {
  it('gives Berlin 23 hours on the day clocks go forward, with no 02:00', () => {
    const hours = localHourStarts('2026-03-29', BERLIN);
    expect(hours).toHaveLength(23);
    expect(hours.slice(1, 3).map((h) => localHourLabel(h, BERLIN))).toEqual(['2026-03-29T01:00+01:00', '2026-03-29T03:00+02:00']);
  });

  it('gives Berlin 25 hours on the day clocks go back, two of them 02:00 told apart by their offset', () => {
    const hours = localHourStarts('2026-10-25', BERLIN);
    expect(hours).toHaveLength(25);
    expect(hours.slice(2, 4).map((h) => localHourLabel(h, BERLIN))).toEqual(['2026-10-25T02:00+02:00', '2026-10-25T02:00+01:00']);
  });

  it('starts a Shanghai day at 16:00 UTC the evening before', () => {
    const hours = localHourStarts('2026-11-24', SHANGHAI);
    expect(hours).toHaveLength(24);
    expect(new Date(hours[0]!).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(localHourLabel(hours[0]!, SHANGHAI)).toBe('2026-11-24T00:00+08:00');
  });

  it('finds the hour an instant falls in, on the branch’s clock', () => {
    expect(new Date(localHourStart(Date.parse('2026-11-23T05:47:13.250Z'), 'Asia/Kolkata')).toISOString()).toBe('2026-11-23T05:30:00.000Z');
    expect(isLocalHourStart(Date.parse('2026-11-23T05:30:00Z'), 'Asia/Kolkata')).toBe(true);
    expect(isLocalHourStart(Date.parse('2026-11-23T05:30:00Z'), SHANGHAI)).toBe(false);
  });
});

describe('KPIs in branch-local buckets', () => {
  it('counts a ticket at 02:30 summer time and one at 02:30 winter time in two different hours of one day', () => {
    const summer = Date.parse('2026-10-25T00:30:00Z'); // 02:30+02:00
    const winter = Date.parse('2026-10-25T01:30:00Z'); // 02:30+01:00
    const log = records({ tickets: [ticket('teller', summer), ticket('teller', winter)] });
    const hours = localHourStarts('2026-10-25', BERLIN).map((h) => aggregateHour(log, h, BERLIN, {}));
    const issuedByHour = hours.map((h) => kpisOf(h, { minResponses: 1 }).tickets.issued);
    expect(issuedByHour.slice(2, 4)).toEqual([1, 1]);
    expect(issuedByHour.reduce((a, b) => a + b)).toBe(2);
    const day = mergeAggregates(hours);
    expect(kpisOf(day, { minResponses: 1 }).period).toEqual({ start: Date.parse('2026-10-24T22:00:00Z'), end: Date.parse('2026-10-25T23:00:00Z'), hours: 25 });
  });

  it('computes a 23-hour Berlin day the same from its hours as all at once', () => {
    const day = localHourStarts('2026-03-29', BERLIN);
    const log = records({ tickets: day.map((h, i) => servedTicket('teller', h + 10 * MINUTE, 60 * (i + 1), 120)) });
    const merged = mergeAggregates(day.map((h) => aggregateHour(log, h, BERLIN, { teller: 600 })));
    const direct = aggregatePeriod(log, { start: day[0]!, end: day.at(-1)! + HOUR_MS }, BERLIN, { teller: 600 });
    expect(merged).toEqual(direct);
    expect(kpisOf(direct, { minResponses: 1 }).tickets).toMatchObject({ issued: 23, served: 23, serviceLevel: 0.4348 }); // 10 of 23 within 600 s
  });

  it('puts a Shanghai ticket issued at 00:30 local time in the new local day', () => {
    const log = records({ tickets: [ticket('teller', Date.parse('2026-11-23T16:30:00Z'))] });
    const [first] = localHourStarts('2026-11-24', SHANGHAI);
    expect(kpisOf(aggregateHour(log, first!, SHANGHAI, {}), { minResponses: 1 }).tickets.issued).toBe(1);
    const lastOfPreviousDay = localHourStarts('2026-11-23', SHANGHAI).at(-1)!;
    expect(kpisOf(aggregateHour(log, lastOfPreviousDay, SHANGHAI, {}), { minResponses: 1 }).tickets.issued).toBe(0);
  });
});
