/**
 * Reads a queue log in the replay format (`/work/shared/data/README.md`, "Queue replay format"):
 * `ticket,service,priority,counter,issuedAt,calledAt,doneAt,leftAt`, one row per ticket, local
 * ISO times without a zone. All times are read as UTC: only differences matter.
 */
import { UsageError } from './lib.ts';

export interface LogTicket {
  id: string;
  serviceId: string;
  /** 0 and 1 are regular customers, 2 a priority customer. */
  priority: number;
  /** Who served it; '' for automated services. */
  counter: string;
  issuedMs: number;
  calledMs: number | null;
  doneMs: number | null;
  leftMs: number | null;
}

const HEADER = 'ticket,service,priority,counter,issuedAt,calledAt,doneAt,leftAt';

export function parseQueueLog(text: string, source: string): LogTicket[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== HEADER) throw new UsageError(`${source}: expected the header ${HEADER}`);
  return lines.slice(1).map((line, index) => {
    const cells = line.split(',');
    const at = (cell: string | undefined, column: string): number | null => {
      if (!cell) return null;
      const ms = Date.parse(`${cell}Z`);
      if (!Number.isFinite(ms)) throw new UsageError(`${source}:${index + 2}: bad ${column} ${JSON.stringify(cell)}`);
      return ms;
    };
    const [id, serviceId, priority, counter, issuedAt, calledAt, doneAt, leftAt] = cells;
    const issuedMs = at(issuedAt, 'issuedAt');
    if (cells.length !== 8 || !id || !serviceId || issuedMs === null) throw new UsageError(`${source}:${index + 2}: expected 8 cells with ticket, service and issuedAt`);
    return {
      id,
      serviceId,
      priority: Number(priority),
      counter: counter ?? '',
      issuedMs,
      calledMs: at(calledAt, 'calledAt'),
      doneMs: at(doneAt, 'doneAt'),
      leftMs: at(leftAt, 'leftAt'),
    };
  });
}
