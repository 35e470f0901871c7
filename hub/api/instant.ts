/**
 * A moment in a query or body: RFC 3339 with its offset, within the years the database can hold.
 * `9999-12-31T23:59:59-14:00` is well-formed yet falls in the year 10000 in UTC, and Prisma then
 * fails; here it is a 400 that says why.
 */
import { z } from 'zod';

const FIRST_MS = Date.UTC(1970, 0, 1);
const LAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const instant = z.iso
  .datetime({ offset: true })
  .refine((text) => {
    const ms = Date.parse(text);
    return ms >= FIRST_MS && ms <= LAST_MS;
  }, 'a time from 1970 to 9999 (UTC)');
