/** Counters as the queue needs them: open or closed, the services each serves, and who works it. */
import type { Counter } from '../../generated/prisma/client.ts';
import { notFound } from '../api/errors.ts';
import type { Db } from '../db/database.ts';
import type { CounterInfo } from './queue-snapshot.ts';
import type { Tx } from './ticket-store.ts';

function toInfo(row: Counter): CounterInfo {
  let serviceIds: unknown;
  try {
    serviceIds = JSON.parse(row.serviceIds);
  } catch {
    serviceIds = [];
  }
  return {
    id: row.id,
    nameEn: row.nameEn,
    nameZh: row.nameZh,
    open: row.open,
    serviceIds: Array.isArray(serviceIds) ? serviceIds.filter((id): id is string => typeof id === 'string') : [],
    staffId: row.staffId,
  };
}

export async function loadCounters(db: Db | Tx, branchId: string): Promise<CounterInfo[]> {
  return (await db.counter.findMany({ where: { branchId }, orderBy: { id: 'asc' } })).map(toInfo);
}

export async function findCounter(db: Db | Tx, branchId: string, id: string): Promise<CounterInfo> {
  const row = await db.counter.findUnique({ where: { branchId_id: { branchId, id } } });
  if (!row) throw notFound(`counter ${id}`);
  return toInfo(row);
}

/** Display names of these staff members, by id (a name the roster no longer has is left out). */
export async function staffNames(db: Db | Tx, branchId: string, staffIds: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(staffIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.staff.findMany({ where: { branchId, id: { in: ids } }, select: { id: true, displayName: true } });
  return new Map(rows.map((row) => [row.id, row.displayName]));
}

/** Whether this person works an open counter other than `exceptCounterId`. */
export async function worksAnotherCounter(db: Db | Tx, branchId: string, staffId: string, exceptCounterId: string): Promise<boolean> {
  return (await db.counter.count({ where: { branchId, staffId, open: true, id: { not: exceptCounterId } } })) > 0;
}
