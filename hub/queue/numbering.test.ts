import { describe, expect, it } from 'vitest';
import { daySlots } from './appointment-slots.ts';
import { addDays, isCalendarDay, localClock, localDay, localTimeToMs, startOfLocalDay } from './branch-time.ts';
import { APPOINTMENT_ALPHABET, appointmentCode, ticketCode, ticketNumber } from './numbering.ts';

describe('ticket numbers and codes', () => {
  it('writes the prefix and three digits', () => {
    expect(ticketNumber('A', 1)).toBe('A001');
    expect(ticketNumber('B', 42)).toBe('B042');
    expect(ticketNumber('VX', 999)).toBe('VX999');
    expect(ticketNumber('A', 1000)).toBe('A1000');
  });

  it('makes unguessable, URL-safe ticket codes', () => {
    const codes = new Set(Array.from({ length: 200 }, ticketCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('makes 6-character appointment codes without look-alike characters', () => {
    for (let index = 0; index < 200; index += 1) expect(appointmentCode()).toMatch(new RegExp(`^[${APPOINTMENT_ALPHABET}]{6}$`));
    expect(APPOINTMENT_ALPHABET).not.toMatch(/[01OIL]/);
  });
});

describe('branch-local time', () => {
  it('starts a new numbering day at the branch\'s midnight, not UTC\'s', () => {
    // 2026-03-01 23:30 in Shanghai is 15:30 UTC the same day; 00:30 the next day is 16:30 UTC.
    expect(localDay(Date.parse('2026-03-01T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(localDay(Date.parse('2026-03-01T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(startOfLocalDay('2026-03-02', 'Asia/Shanghai')).toBe(Date.parse('2026-03-01T16:00:00Z'));
  });

  it('converts wall-clock times on both sides of a daylight-saving change', () => {
    expect(localTimeToMs('2026-03-28', '09:00', 'Europe/Berlin')).toBe(Date.parse('2026-03-28T08:00:00Z'));
    expect(localTimeToMs('2026-03-29', '09:00', 'Europe/Berlin')).toBe(Date.parse('2026-03-29T07:00:00Z'));
    expect(localClock(Date.parse('2026-03-29T07:00:00Z'), 'Europe/Berlin')).toBe('09:00');
  });

  it('checks and moves calendar days', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true);
    expect(isCalendarDay('2026-02-30')).toBe(false);
    expect(isCalendarDay('26-02-01')).toBe(false);
    // Days the database and the clock hold: no year 1, none past 2999.
    expect(isCalendarDay('0001-01-01')).toBe(false);
    expect(isCalendarDay('3000-01-01')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('lays appointment slots between opening and closing time', () => {
    const slots = daySlots('2026-03-02', { open: '09:00', close: '10:00', slotMinutes: 25 }, 'Asia/Shanghai');
    expect(slots.map((slot) => [new Date(slot.startMs).toISOString(), new Date(slot.endMs).toISOString()])).toEqual([
      ['2026-03-02T01:00:00.000Z', '2026-03-02T01:25:00.000Z'],
      ['2026-03-02T01:25:00.000Z', '2026-03-02T01:50:00.000Z'],
    ]);
  });
});
