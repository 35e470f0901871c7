/**
 * Nobody took a dispatch: its alert goes to `high` so the floor page sounds. It goes through the
 * alerts service's own `raise` for the alert's situation, so the severity step is in its story and
 * the floor hears of it like any other raise.
 */
import type { AlertService } from '../alerts/alert-service.ts';
import type { AlertState, BilingualText } from '../bus.ts';
import type { Db } from '../db/database.ts';

const bilingual = (json: string | null): BilingualText | null => (json ? (JSON.parse(json) as BilingualText) : null);

/** The alert as raised, or null when it is closed or already high. */
export async function raiseToHigh(db: Db, alerts: Pick<AlertService, 'raise'>, branchId: string, alertId: string): Promise<AlertState | null> {
  const row = await db.alert.findFirst({ where: { id: alertId, branchId } });
  if (!row || row.status === 'resolved') return null;
  return alerts.raise({
    dedupKey: row.dedupKey, ruleId: row.ruleId ?? row.kind, kind: row.kind, severity: 'high', zoneId: row.zoneId, sourceId: row.sourceId,
    needsPerson: row.needsPerson, reason: bilingual(row.reason) ?? { en: row.kind, zh: row.kind }, suggestion: bilingual(row.suggestion), openedEventId: row.openedEventId,
  });
}
