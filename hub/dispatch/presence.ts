/**
 * Where each staff member is and whether they can take a dispatch (`StaffPresence`). A person with
 * no row is off shift. Stored, so it survives a restart; the board announces changes.
 */
import type { Db } from '../db/database.ts';
import type { PresenceStatus, PresenceView } from './types.ts';

type PresenceRow = { staffId: string; status: string; zoneId: string | null; updatedAt: Date };

export function presenceView(row: PresenceRow): PresenceView {
  return { staffId: row.staffId, status: row.status as PresenceStatus, zoneId: row.zoneId, updatedAt: row.updatedAt.toISOString() };
}

export class PresenceStore {
  constructor(private readonly deps: { db: Db; branchId: string; now: () => number }) {}

  async all(): Promise<PresenceView[]> {
    const rows = await this.deps.db.staffPresence.findMany({ where: { branchId: this.deps.branchId } });
    return rows.map(presenceView);
  }

  async get(staffId: string): Promise<PresenceView> {
    const row = await this.deps.db.staffPresence.findUnique({ where: { branchId_staffId: { branchId: this.deps.branchId, staffId } } });
    return row ? presenceView(row) : { staffId, status: 'off-shift', zoneId: null, updatedAt: null };
  }

  /** Sets the status, and the zone when given (undefined keeps the zone, null clears it). */
  async set(staffId: string, status: PresenceStatus, zoneId?: string | null): Promise<PresenceView> {
    const { branchId } = this.deps;
    const updatedAt = new Date(this.deps.now());
    const zone = zoneId === undefined ? {} : { zoneId };
    const row = await this.deps.db.staffPresence.upsert({
      where: { branchId_staffId: { branchId, staffId } },
      create: { branchId, staffId, status, zoneId: zoneId ?? null, updatedAt },
      update: { status, updatedAt, ...zone },
    });
    return presenceView(row);
  }
}
