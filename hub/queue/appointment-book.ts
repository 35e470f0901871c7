/**
 * Appointments: free places per slot, booking with a short code, cancelling, and check-in at
 * the kiosk from 30 minutes before to 15 minutes after the slot starts, which issues an
 * `appointment` ticket. No name or phone number is asked for or stored.
 */
import { randomUUID } from 'node:crypto';
import type { Appointment, Ticket } from '../../generated/prisma/client.ts';
import { conflict, HttpError, notFound } from '../api/errors.ts';
import type { AppointmentsConfig } from '../branch/branch-config.ts';
import type { Db } from '../db/database.ts';
import { daySlots } from './appointment-slots.ts';
import { addDays, localClock, localDay } from './branch-time.ts';
import { appointmentCode } from './numbering.ts';
import type { IssueInput } from './queue-service.ts';
import type { AppointmentSlot, AppointmentView, Language } from './schemas.ts';
import { Serial } from './serial.ts';
import type { Tx } from './ticket-store.ts';

export const CHECK_IN_EARLY_MS = 30 * 60_000;
export const CHECK_IN_LATE_MS = 15 * 60_000;
/** Statuses that hold a place in a slot. */
const HOLDING = ['booked', 'checked-in'];

export interface AppointmentBookDeps {
  db: Db;
  branchId: string;
  config: AppointmentsConfig;
  now: () => number;
  timezone: () => string;
  checkIn: (input: IssueInput) => Promise<Ticket>;
}

export class AppointmentBook {
  /** Bookings run one at a time so two customers cannot take a slot's last place together. */
  readonly #serial = new Serial();

  constructor(private readonly deps: AppointmentBookDeps) {}

  async slots(serviceId: string, day: string): Promise<AppointmentSlot[]> {
    await this.#bookableService(serviceId);
    this.#checkDay(day);
    const slots = daySlots(day, this.deps.config, this.deps.timezone());
    if (slots.length === 0) return [];
    const taken = await this.deps.db.appointment.groupBy({
      by: ['start'],
      where: { branchId: this.deps.branchId, serviceId, status: { in: HOLDING }, start: { gte: new Date(slots[0]!.startMs), lt: new Date(slots.at(-1)!.endMs) } },
      _count: { _all: true },
    });
    const now = this.deps.now();
    return slots.map(({ startMs, endMs }) => {
      const booked = taken.find((group) => group.start.getTime() === startMs)?._count._all ?? 0;
      return { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(), free: startMs <= now ? 0 : Math.max(0, this.deps.config.perSlot - booked) };
    });
  }

  book(serviceId: string, start: string): Promise<AppointmentView> {
    return this.#serial.run(async () => {
      await this.#bookableService(serviceId);
      const startMs = Date.parse(start);
      const timezone = this.deps.timezone();
      const day = localDay(startMs, timezone);
      this.#checkDay(day);
      const slot = daySlots(day, this.deps.config, timezone).find((candidate) => candidate.startMs === startMs);
      const { open, close, slotMinutes } = this.deps.config;
      if (!slot) throw new HttpError(400, `${start} is not the start of a slot: slots start every ${slotMinutes} minutes from ${open} to ${close} (branch time)`);
      if (slot.startMs <= this.deps.now()) throw conflict('this slot has already started; choose a later one');
      const taken = await this.deps.db.appointment.count({ where: { branchId: this.deps.branchId, serviceId, start: new Date(slot.startMs), status: { in: HOLDING } } });
      if (taken >= this.deps.config.perSlot) throw conflict('this slot is full; choose another one');
      const row = await this.deps.db.appointment.create({
        data: { id: randomUUID(), branchId: this.deps.branchId, serviceId, code: await this.#freeCode(), start: new Date(slot.startMs), end: new Date(slot.endMs), status: 'booked' },
      });
      return view(row);
    });
  }

  async cancel(code: string): Promise<AppointmentView> {
    const row = await this.#find(code);
    if (row.status !== 'booked') throw conflict(`this appointment is ${row.status}; only a booked one can be cancelled`);
    const { count } = await this.deps.db.appointment.updateMany({ where: { id: row.id, status: 'booked' }, data: { status: 'cancelled', cancelledAt: new Date(this.deps.now()) } });
    if (count === 0) throw conflict('this appointment changed meanwhile; try again');
    return view(row);
  }

  /** Turns a booking into an `appointment` ticket inside its check-in window. */
  async checkIn(code: string, language: Language): Promise<Ticket> {
    const row = await this.#find(code);
    if (row.status !== 'booked') throw conflict(`this appointment is ${row.status}; only a booked one can check in`);
    const now = this.deps.now();
    const timezone = this.deps.timezone();
    const opens = row.start.getTime() - CHECK_IN_EARLY_MS;
    const closes = row.start.getTime() + CHECK_IN_LATE_MS;
    if (now < opens) throw conflict(`too early: check-in opens ${localDay(opens, timezone)} ${localClock(opens, timezone)}, 30 minutes before the appointment`);
    if (now > closes) throw conflict(`too late: check-in closed at ${localClock(closes, timezone)}, 15 minutes after the appointment started; please take a ticket`);
    return this.deps.checkIn({ serviceId: row.serviceId, priority: 'appointment', language, actor: 'customer', appointmentId: row.id });
  }

  async #find(code: string): Promise<Appointment> {
    const row = await this.deps.db.appointment.findFirst({ where: { branchId: this.deps.branchId, code: code.toUpperCase() } });
    if (!row) throw notFound('appointment with this code');
    return row;
  }

  async #bookableService(serviceId: string): Promise<void> {
    const service = await this.deps.db.service.findUnique({ where: { branchId_id: { branchId: this.deps.branchId, id: serviceId } } });
    if (!service) throw notFound(`service ${serviceId}`);
    if (!this.deps.config.services.includes(serviceId)) throw new HttpError(404, `service ${serviceId} does not take appointments`);
  }

  /** Bookable days: today (branch time) to `daysAhead` days ahead. */
  #checkDay(day: string): void {
    const today = localDay(this.deps.now(), this.deps.timezone());
    if (day < today) throw new HttpError(400, `${day} is in the past`);
    if (day > addDays(today, this.deps.config.daysAhead)) throw new HttpError(400, `appointments can be booked at most ${this.deps.config.daysAhead} days ahead`);
  }

  async #freeCode(): Promise<string> {
    for (;;) {
      const code = appointmentCode();
      if (!(await this.deps.db.appointment.findUnique({ where: { code } }))) return code;
    }
  }
}

/** Marks a booked appointment checked in, inside the transaction that issues its ticket. */
export async function checkInAppointment(tx: Tx, appointmentId: string, at: Date): Promise<void> {
  const { count } = await tx.appointment.updateMany({ where: { id: appointmentId, status: 'booked' }, data: { status: 'checked-in', checkedInAt: at } });
  if (count === 0) throw conflict('this appointment is no longer booked (cancelled or already checked in)');
}

function view(row: Appointment): AppointmentView {
  return { code: row.code, serviceId: row.serviceId, start: row.start.toISOString(), end: row.end.toISOString() };
}
