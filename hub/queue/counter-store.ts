/** Counters as the queue needs them: open or closed, and the services each serves. */
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
