/** The branch's staff members (`Staff`), with skills and languages, and whose login is whose. */
import type { Db } from '../db/database.ts';
import type { Principal } from '../api/principal.ts';

export interface StaffMember {
  staffId: string;
  displayName: string;
  skills: string[];
  languages: string[];
}

const list = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
};

export class StaffRoster {
  constructor(private readonly db: Db, private readonly branchId: string) {}

  async all(): Promise<StaffMember[]> {
    const rows = await this.db.staff.findMany({ where: { branchId: this.branchId }, orderBy: { id: 'asc' } });
    return rows.map((row) => ({ staffId: row.id, displayName: row.displayName, skills: list(row.skills), languages: list(row.languages) }));
  }

  async exists(staffId: string): Promise<boolean> {
    return (await this.db.staff.count({ where: { branchId: this.branchId, id: staffId } })) > 0;
  }

  /** The staff member linked to the caller's login, or null (devices, the admin token, unlinked logins). */
  async staffIdOf(principal: Principal): Promise<string | null> {
    if (principal.kind !== 'user') return null;
    const row = await this.db.staff.findFirst({ where: { branchId: this.branchId, userId: principal.userId }, select: { id: true } });
    return row?.id ?? null;
  }
}
