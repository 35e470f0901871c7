/** Prometheus metrics of one hub (its own registry, so several hubs can share a process in tests). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DEAD_LETTER_REASONS } from '../protocol/envelope.ts';

export class HubMetrics {
  readonly registry = new Registry();
  readonly ingested = new Counter({
    name: 'tp_events_ingested_total',
    help: 'Events accepted and committed to the log (duplicates not counted)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly duplicates = new Counter({
    name: 'tp_events_duplicate_total',
    help: 'Events received again with an id already stored (QoS 1 redelivery); stored once',
    registers: [this.registry],
  });
  readonly deadLettered = new Counter({
    name: 'tp_events_dead_lettered_total',
    help: 'Messages refused and stored in the dead-letter table, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly ingestLatency = new Histogram({
    name: 'tp_ingest_latency_seconds',
    help: 'From a message reaching the hub to its commit in the database',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'tp_ingest_batch_size',
    help: 'Messages committed per database transaction',
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
    registers: [this.registry],
  });
  readonly retentionPurged = new Counter({
    name: 'tp_retention_purged_total',
    help: 'Raw records deleted by the retention job (TP_RETENTION_DAYS), by record kind',
    labelNames: ['record'] as const,
    registers: [this.registry],
  });
  readonly retentionRedacted = new Counter({
    name: 'tp_retention_redacted_total',
    help: 'Free-text fields cleared by the retention job (TP_RETENTION_FREE_TEXT_DAYS; the record stays), by field',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });
  readonly retentionLastRun = new Gauge({
    name: 'tp_retention_last_run_timestamp_seconds',
    help: 'When the retention job last finished a run',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tp_hub_' });
    // Every reason appears from the start, at zero, so dashboards and alerts see the series.
    for (const reason of DEAD_LETTER_REASONS) this.deadLettered.inc({ reason }, 0);
  }
}
