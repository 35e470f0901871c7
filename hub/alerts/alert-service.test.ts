import { describe, expect, it } from 'vitest';
import { createEvent } from '../../protocol/envelope.ts';
import { parseTopic } from '../../protocol/topics.ts';
import { EventBus, type AlertState, type StoredEvent } from '../bus.ts';
import type { Db } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { AlertService } from './alert-service.ts';

/** Just enough of Prisma's alert table; `failNext` makes the next write fail like a locked database. */
function fakeDb() {
  const rows: Record<string, unknown>[] = [];
  const db = {
    failNext: false,
    rows,
    alert: {
      findMany: async () => [],
      create: async ({ data }: { data: Record<string, unknown> }) => {
        if (db.failNext) {
          db.failNext = false;
          throw new Error('SQLITE_BUSY: database is locked');
        }
        const row = { id: `a${rows.length + 1}`, openedAt: new Date(), updatedAt: new Date(), ...data };
        rows.push(row);
        return row;
      },
    },
  };
  return db;
}

function fall(zoneId: string): StoredEvent {
  const topic = 'tp/v1/b001/edge/cam-1/distress';
  const parsed = parseTopic(topic);
  if (!parsed.ok) throw new Error(parsed.error);
  const event = createEvent('tp.distress.detected', { branchId: 'b001', sourceKind: 'edge', sourceId: 'cam-1' }, { zoneId, kind: 'fall', severity: 'high', confidence: 0.9, durationS: 3 });
  return { event, topic: parsed.parts, receivedAt: new Date() };
}

describe('AlertService', () => {
  it('keeps raising alerts after one batch failed to store', async () => {
    const db = fakeDb();
    const bus = new EventBus(createLogger('silent'));
    const alerts = new AlertService({ db: db as unknown as Db, bus, branchId: 'b001' });
    const raised: AlertState[] = [];
    bus.on('state.alert', (alert) => void raised.push(alert));
    await alerts.start();

    db.failNext = true;
    bus.emit('events.stored', [fall('lobby')]);
    bus.emit('events.stored', [fall('teller-line')]);
    await alerts.stop();

    expect(raised.map((alert) => alert.zoneId)).toEqual(['teller-line']);
    expect(alerts.open()).toHaveLength(1);
  });
});
