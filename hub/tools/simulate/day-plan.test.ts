/**
 * The simulated days look like a branch's: closed when the branch is, arrivals within opening
 * hours and busiest late in the morning, bigger branches busier, tellers taking lunch in waves,
 * the same seed giving the same day, self-help questions answered or handed to a person, and
 * feedback that sours as the wait grows.
 */
import { describe, expect, it } from 'vitest';
import { isNeed } from '../../../protocol/needs.ts';
import { localTimeToMs } from '../../queue/branch-time.ts';
import { SeededRandom } from '../../queue/simulate-random.ts';
import { buildBranchFile } from './branch-file.ts';
import { branchProfiles } from './branch-profiles.ts';
import { planDay, type DayPlan } from './day-plan.ts';
import { feedbackAnswer, throwFeedbackDice, RESPONSE_RATE } from './feedback-model.ts';

const [lujiazui, haidian, tianhe, chunxi, hongKong, suzhou] = branchProfiles(6, 1);
const WEDNESDAY = '2026-03-04';
const SUNDAY = '2026-03-08';
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

const plan = (profile = haidian!, day = WEDNESDAY, seed = 1): DayPlan => planDay(profile, buildBranchFile(profile), day, seed)!;
const at = (profile: typeof haidian, time: string, day = WEDNESDAY) => localTimeToMs(day, time, profile!.timezone);
const visitsBetween = (days: DayPlan[], profile: typeof haidian, from: string, to: string) =>
  days.reduce((sum, day) => sum + day.visits.filter((visit) => visit.atMs >= at(profile, from) && visit.atMs < at(profile, to)).length, 0);

describe('a simulated branch-day', () => {
  it('is closed on the days the branch is closed, and open on the days it opens', () => {
    expect(planDay(haidian!, buildBranchFile(haidian!), SUNDAY, 1)).toBeNull(); // Saturdays only
    expect(planDay(chunxi!, buildBranchFile(chunxi!), SUNDAY, 1)).not.toBeNull(); // both weekend days
  });

  it('has every arrival within opening hours, in time order', () => {
    const day = plan();
    expect(day.visits.length).toBeGreaterThan(100);
    expect(day.openMs).toBe(at(haidian, '09:00'));
    expect(day.closeMs).toBe(at(haidian, '17:00'));
    for (const [index, visit] of day.visits.entries()) {
      expect(visit.atMs).toBeGreaterThanOrEqual(day.openMs);
      expect(visit.atMs).toBeLessThan(day.closeMs);
      if (index > 0) expect(visit.atMs).toBeGreaterThanOrEqual(day.visits[index - 1]!.atMs);
    }
  });

  it('is busier in the late morning than at opening, and at a big branch than a small one', () => {
    const days = SEEDS.map((seed) => plan(haidian, WEDNESDAY, seed));
    // Per half hour: 10:30–11:00 at the peak, 09:00–09:30 as the doors open.
    expect(visitsBetween(days, haidian, '10:30', '11:00')).toBeGreaterThan(1.25 * visitsBetween(days, haidian, '09:00', '09:30'));
    const big = SEEDS.reduce((sum, seed) => sum + plan(lujiazui, WEDNESDAY, seed).visits.length, 0);
    const small = SEEDS.reduce((sum, seed) => sum + plan(suzhou, WEDNESDAY, seed).visits.length, 0);
    expect(big).toBeGreaterThan(2 * small);
  });

  it('serves every service the branches offer, and English where the branch has English speakers', () => {
    const visits = SEEDS.flatMap((seed) => plan(hongKong, WEDNESDAY, seed).visits);
    expect(new Set(visits.map((visit) => visit.serviceId))).toEqual(new Set(['teller', 'accounts', 'fx', 'wealth']));
    const english = visits.filter((visit) => visit.language === 'en').length / visits.length;
    expect(english).toBeGreaterThan(0.35);
    expect(english).toBeLessThan(0.55);
  });

  it('sends tellers to lunch in waves, so the counters never all close at noon', () => {
    const day = plan(tianhe);
    const staffedAt = (time: string) => day.shifts.filter((shift) => shift.fromMs <= at(tianhe, time) && at(tianhe, time) < shift.toMs).length;
    expect(staffedAt('10:00')).toBe(tianhe!.tellers);
    for (const time of ['11:45', '12:30', '13:15']) {
      expect(staffedAt(time)).toBeGreaterThan(0);
      expect(staffedAt(time)).toBeLessThan(tianhe!.tellers);
    }
    expect(day.shifts.filter((shift) => shift.last)).toHaveLength(tianhe!.tellers);
  });

  it('has customers type self-help questions the kiosk is mostly sure of, and call a person more often when it is not', () => {
    const sessions = SEEDS.flatMap((seed) => plan(tianhe, WEDNESDAY, seed).kioskSessions);
    const asked = sessions.filter((session) => session.answer);
    expect(asked.every((session) => ['self-help', 'call-person'].includes(session.task) && isNeed(session.answer!.need))).toBe(true);
    expect(asked.every(({ answer }) => answer!.sure === answer!.confidence >= 0.5)).toBe(true);
    const sure = asked.filter((session) => session.answer!.sure);
    const notSure = asked.filter((session) => !session.answer!.sure);
    expect(sure.length / asked.length).toBeGreaterThan(0.75);
    const calls = (list: typeof asked) => list.filter((session) => session.outcome === 'escalated').length / list.length;
    expect(calls(notSure)).toBeGreaterThan(2 * calls(sure));
    expect(new Set(asked.map((session) => session.answer!.need)).size).toBeGreaterThan(8);
  });

  it('is the same day for the same seed, and another day for another', () => {
    expect(plan(haidian, WEDNESDAY, 7)).toEqual(plan(haidian, WEDNESDAY, 7));
    expect(plan(haidian, WEDNESDAY, 8).visits.length).not.toBe(plan(haidian, WEDNESDAY, 7).visits.length);
  });
});

describe('simulated feedback', () => {
  const answers = (waitS: number) => {
    const random = new SeededRandom(3);
    return Array.from({ length: 4000 }, () => feedbackAnswer(throwFeedbackDice(random), { waitS, targetWaitS: 600, warmth: 0, language: 'en' })).filter((answer) => answer !== null);
  };
  const meanCsat = (list: ReturnType<typeof answers>) => list.reduce((sum, answer) => sum + answer!.csat, 0) / list.length;

  it('comes from about a third of customers, more after a long wait, and sours as the wait grows', () => {
    const short = answers(120);
    const long = answers(1800);
    expect(short.length / 4000).toBeCloseTo(RESPONSE_RATE, 1);
    expect(long.length).toBeGreaterThan(short.length);
    expect(meanCsat(short)).toBeGreaterThan(4);
    expect(meanCsat(long)).toBeLessThan(meanCsat(short) - 1.5);
    for (const answer of [...short, ...long]) {
      expect(answer!.csat).toBeGreaterThanOrEqual(1);
      expect(answer!.csat).toBeLessThanOrEqual(5);
    }
  });
});
