/**
 * The story of an alert, one row per step, in the order things happened. Both the rules (opened,
 * severity, auto-closed, ...) and dispatch (offered, accepted, arrived, ...) write it, so the
 * floor manager can read what happened and when, and the timings survive a restart.
 */
import type { Db } from '../db/database.ts';

export const ALERT_STEP_KINDS = [
  'opened', 'severity', 'acknowledged', 'resolved', 'auto-closed',
  'offered', 'declined', 'timeout', 'accepted', 'arrived', 'escalated', 'reassigned', 'cancelled', 'dispatch-resolved',
] as const;
export type AlertStepKind = (typeof ALERT_STEP_KINDS)[number];

export interface AlertStepView {
  at: string;
  kind: AlertStepKind;
  staffId: string | null;
  detail: string | null;
}

type StepWriter = Pick<Db, 'alertStep'>;

export async function recordAlertStep(db: StepWriter, alertId: string, kind: AlertStepKind, at: Date, extra: { staffId?: string | null; detail?: string | null } = {}): Promise<void> {
  await db.alertStep.create({ data: { alertId, kind, at, staffId: extra.staffId ?? null, detail: extra.detail ?? null } });
}

export async function alertStory(db: StepWriter, alertId: string): Promise<AlertStepView[]> {
  const rows = await db.alertStep.findMany({ where: { alertId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  return rows.map((row) => ({ at: row.at.toISOString(), kind: row.kind as AlertStepKind, staffId: row.staffId, detail: row.detail }));
}
