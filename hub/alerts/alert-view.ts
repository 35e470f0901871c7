/** An alert row as the bus, socket.io and the API show it (`AlertState`), and its zod schema. */
import { z } from 'zod';
import type { AlertState, BilingualText } from '../bus.ts';
import type { Db } from '../db/database.ts';

export type AlertRow = Awaited<ReturnType<Db['alert']['create']>>;

const bilingual = z.object({ en: z.string(), zh: z.string() });

export const alertStateSchema = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.string(),
  zoneId: z.string().nullable(),
  sourceId: z.string().nullable(),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  openedAt: z.string(),
  updatedAt: z.string(),
  ruleId: z.string().nullable(),
  needsPerson: z.boolean(),
  reason: bilingual,
  suggestion: bilingual.nullable(),
  resolvedBy: z.enum(['staff', 'manager', 'auto']).nullable(),
  outcome: z.string().nullable(),
  skills: z.array(z.string()),
});

export function toAlertState(row: AlertRow, skills: string[]): AlertState {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    zoneId: row.zoneId,
    sourceId: row.sourceId,
    status: row.status as AlertState['status'],
    openedAt: row.openedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ruleId: row.ruleId,
    needsPerson: row.needsPerson,
    // Alerts stored before the rules wrote reasons get their kind as the reason.
    reason: parseText(row.reason) ?? { en: row.kind, zh: row.kind },
    suggestion: parseText(row.suggestion),
    resolvedBy: row.resolvedBy as AlertState['resolvedBy'],
    outcome: row.outcome,
    skills,
  };
}

function parseText(json: string | null): BilingualText | null {
  if (!json) return null;
  const parsed = bilingual.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}
