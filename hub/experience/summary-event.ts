/**
 * A stored `ExperienceHour` → the `tp.branch.summary` event HQ receives. The event id is derived
 * from the branch, the hour and when it was computed (a name-based UUID, RFC 9562 version 5), so
 * sending the same computation again, after a lost acknowledgement or on demand, gives the same
 * id and HQ stores it once.
 */
import { createHash } from 'node:crypto';
import { createEvent, type CloudEvent } from '../../protocol/envelope.ts';
import { buildTopic } from '../../protocol/topics.ts';
import type { HourAggregate } from './kpi-types.ts';

/** The hub's source id in topics and `source`: one hub per branch. */
export const HUB_SOURCE_ID = 'hub';

export interface SummaryBranch {
  id: string;
  name: string;
  nameZh: string;
  region: string;
  timezone: string;
  simulated: boolean;
}

export interface SummaryHour {
  label: string;
  final: boolean;
  computedAt: Date;
  aggregate: HourAggregate;
}

/** Version 5 (SHA-1, name-based) UUID of `name`, formatted like any UUID. */
function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(`touchpoint:tp.branch.summary:${name}`).digest().subarray(0, 16);
  bytes[6] = 0x50 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function summaryEventId(branchId: string, hourStart: number, computedAt: Date): string {
  return nameBasedUuid(`${branchId}/${hourStart}/${computedAt.toISOString()}`);
}

export function summaryTopic(branchId: string): string {
  return buildTopic({ branchId, sourceKind: 'hub', sourceId: HUB_SOURCE_ID, eventKind: 'summary' });
}

export function summaryEvent(branch: SummaryBranch, hour: SummaryHour): CloudEvent<'tp.branch.summary'> {
  const { id, simulated, ...described } = branch;
  return createEvent(
    'tp.branch.summary',
    { branchId: id, sourceKind: 'hub', sourceId: HUB_SOURCE_ID },
    { branch: described, hour: hour.label, final: hour.final, computedAt: hour.computedAt.toISOString(), simulated, aggregate: hour.aggregate },
    { id: summaryEventId(id, hour.aggregate.start, hour.computedAt), time: hour.computedAt },
  );
}
