/** The audit log: who logged in, registered a device or changed the configuration, and when. */
import type { Db } from './db/database.ts';

export class AuditLog {
  constructor(private readonly db: Db) {}

  async record(actor: string, action: string, target?: string, detail?: unknown): Promise<void> {
    await this.db.auditLog.create({
      data: { actor, action, target: target ?? null, detail: detail === undefined ? null : JSON.stringify(detail).slice(0, 2000) },
    });
  }
}
