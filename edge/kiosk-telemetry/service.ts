/**
 * Kiosk telemetry on an edge node: one KioskAnalyzer per configured kiosk, the HTTP server that
 * feeds them, and one clock tick for all of them (no timer per session) that drives their
 * no-progress and idle timers. What they conclude goes to `publish`, the node's outbox, so nothing
 * is lost while the broker is away. Timers and the socket exist only between start() and stop().
 */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { KioskAnalyzer, type KioskOutput } from '../analyzers/kiosk.ts';
import type { EdgeConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { buildTelemetryServer } from './server.ts';

export type PublishKioskEvent = (event: KioskOutput) => Promise<void>;

export interface KioskTelemetryOptions extends Pick<EdgeConfig, 'kiosks' | 'kioskTelemetry' | 'kioskAnalysis'> {
  publish: PublishKioskEvent;
  log: Logger;
  /** The edge clock (tests move it by hand). */
  now?: () => number;
  tickMs?: number;
}

export class KioskTelemetry {
  readonly #log: Logger;
  readonly #now: () => number;
  #analyzers = new Map<string, KioskAnalyzer>();
  #app: FastifyInstance | null = null;
  #tick: NodeJS.Timeout | null = null;
  #url: string | null = null;

  constructor(private readonly options: KioskTelemetryOptions) {
    this.#log = options.log.child({ module: 'edge:kiosk-telemetry' });
    this.#now = options.now ?? Date.now;
  }

  /** Where kiosks post, e.g. http://0.0.0.0:8791 (null until started). */
  get url(): string | null {
    return this.#url;
  }

  async start(): Promise<void> {
    if (this.#app) return;
    const { kiosks, kioskTelemetry, kioskAnalysis } = this.options;
    this.#analyzers = new Map(kiosks.map((kiosk) => [kiosk.id, new KioskAnalyzer(kiosk, kioskAnalysis)]));
    const app = buildTelemetryServer({
      kioskIds: kiosks.map((kiosk) => kiosk.id),
      allowedOrigins: kioskTelemetry.allowedOrigins,
      log: this.#log,
      onInteractions: (kioskId, interactions) => this.#publish(kioskId, this.#analyzers.get(kioskId)!.ingest(interactions, this.#now())),
    });
    try {
      await app.listen({ host: kioskTelemetry.host, port: kioskTelemetry.port });
    } catch (error) {
      await app.close();
      throw new Error(`kiosk telemetry cannot listen on ${kioskTelemetry.host}:${kioskTelemetry.port}: ${(error as Error).message}`);
    }
    this.#app = app;
    this.#url = `http://${kioskTelemetry.host}:${(app.server.address() as AddressInfo).port}`;
    this.#tick = setInterval(() => this.#onTick(), this.options.tickMs ?? 1000);
    this.#log.info({ url: this.#url, kiosks: kiosks.map((kiosk) => kiosk.id) }, 'kiosk telemetry listening');
  }

  /** Stops the tick and the server (waiting for posts in progress). Sessions still open are forgotten. */
  async stop(): Promise<void> {
    if (this.#tick) clearInterval(this.#tick);
    this.#tick = null;
    const app = this.#app;
    this.#app = null;
    this.#url = null;
    if (!app) return;
    await app.close();
    const open = [...this.#analyzers.values()].reduce((sum, analyzer) => sum + analyzer.openSessions, 0);
    this.#log.info({ openSessions: open }, 'kiosk telemetry stopped');
  }

  #onTick(): void {
    const nowMs = this.#now();
    for (const [kioskId, analyzer] of this.#analyzers) void this.#publish(kioskId, analyzer.tick(nowMs));
  }

  /** In order; a failure is logged, never thrown back at the kiosk (its retry would be a duplicate). */
  async #publish(kioskId: string, events: KioskOutput[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'tp.distress.detected') this.#log.info({ kioskId, ...event.data }, `kiosk ${event.data.kind}`);
      else this.#log.debug({ kioskId, ...event.data }, 'kiosk session ended');
      try {
        await this.options.publish(event);
      } catch (error) {
        this.#log.error({ err: error, kioskId, type: event.type }, 'could not queue a kiosk event');
      }
    }
  }
}
