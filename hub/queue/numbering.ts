/**
 * Ticket numbers and secret codes. A number is the service's prefix and a three-digit sequence
 * that restarts every branch-local day (A001, A002, ...); a transferred ticket keeps its number,
 * so only tickets issued in a service count toward that service's sequence.
 */
import { randomBytes, randomInt } from 'node:crypto';

/** `A` + 7 → `A007`. Past 999 in one day the number simply grows a digit (A1000). */
export function ticketNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

/** The secret behind a ticket's QR code: 96 random bits, URL-safe. */
export function ticketCode(): string {
  return randomBytes(12).toString('base64url');
}

/** No 0/O, 1/I/L: a customer reads it aloud or types it on a kiosk. */
export const APPOINTMENT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function appointmentCode(length = 6): string {
  let code = '';
  for (let index = 0; index < length; index += 1) code += APPOINTMENT_ALPHABET[randomInt(APPOINTMENT_ALPHABET.length)];
  return code;
}
