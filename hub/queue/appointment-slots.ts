/** Appointment slots of a branch-local day, from the branch's opening hours and slot length. */
import type { AppointmentsConfig } from '../branch/branch-config.ts';
import { localTimeToMs } from './branch-time.ts';

export interface Slot {
  startMs: number;
  endMs: number;
}

const minutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const clock = (total: number): string => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/** Every slot that starts at or after opening and ends by closing time, in order. */
export function daySlots(day: string, config: Pick<AppointmentsConfig, 'open' | 'close' | 'slotMinutes'>, timeZone: string): Slot[] {
  const slots: Slot[] = [];
  for (let start = minutes(config.open); start + config.slotMinutes <= minutes(config.close); start += config.slotMinutes) {
    slots.push({ startMs: localTimeToMs(day, clock(start), timeZone), endMs: localTimeToMs(day, clock(start + config.slotMinutes), timeZone) });
  }
  return slots;
}
