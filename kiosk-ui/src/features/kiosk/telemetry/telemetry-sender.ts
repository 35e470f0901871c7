/**
 * Sends kiosk interactions to the edge node that analyses this kiosk, in batches
 * (`POST {telemetryUrl}/kiosk/v1/{kioskId}/interactions`, protocol/kiosk-telemetry.ts).
 * Telemetry must never disturb a customer: failures are kept and retried with back-off, the
 * oldest are dropped past a bound, and nothing here throws. Each interaction is checked against
 * the protocol's schema before it is queued.
 */
import { kioskInteraction, kioskTelemetryPath, type KioskInteraction } from '../../../../../protocol/kiosk-telemetry.ts';

const FLUSH_EVERY_MS = 2_000;
const MAX_BATCH = 200;
const MAX_PENDING = 1_000;
const MAX_BACKOFF_MS = 60_000;
const TIMEOUT_MS = 5_000;

/** `{host}` in a configured URL stands for the host name this kiosk reached the hub by. */
export function telemetryEndpoint(telemetryUrl: string | null, kioskId: string, pageHost: string): string | null {
  if (!telemetryUrl) return null;
  try {
    const base = telemetryUrl.replaceAll('{host}', pageHost).replace(/\/+$/, '');
    return new URL(`${base}${kioskTelemetryPath(kioskId)}`).toString();
  } catch {
    return null;
  }
}

export class TelemetrySender {
  /** undefined: not known yet (interactions wait); null: this kiosk has no telemetry. */
  #endpoint: string | null | undefined = undefined;
  #pending: KioskInteraction[] = [];
  #timer: ReturnType<typeof setInterval> | null = null;
  #inFlight: Promise<boolean> | null = null;
  #failures = 0;
  #nextAttemptAt = 0;

  start(): void {
    if (this.#timer === null) this.#timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Where to send, once the kiosk's settings are known. */
  configure(endpoint: string | null): void {
    this.#endpoint = endpoint;
    if (endpoint === null) this.#pending = [];
  }

  enqueue(interaction: KioskInteraction): void {
    if (this.#endpoint === null) return;
    // The edge refuses a whole batch for one invalid entry; checking here keeps the rest.
    if (!kioskInteraction.safeParse(interaction).success) return;
    this.#pending.push(interaction);
    if (this.#pending.length > MAX_PENDING) this.#pending.splice(0, this.#pending.length - MAX_PENDING);
  }

  /**
   * Sends what is pending now (ignoring back-off when `urgent`); resolves true when everything
   * queued so far was accepted by the edge node.
   */
  async flush(urgent = false): Promise<boolean> {
    // One send at a time: whoever waited re-checks, so a batch is never posted twice.
    while (this.#inFlight) await this.#inFlight;
    const endpoint = this.#endpoint;
    if (!endpoint) return false;
    if (this.#pending.length === 0) return true;
    if (!urgent && Date.now() < this.#nextAttemptAt) return false;
    this.#inFlight = this.#sendAll(endpoint);
    try {
      return await this.#inFlight;
    } finally {
      this.#inFlight = null;
    }
  }

  async #sendAll(endpoint: string): Promise<boolean> {
    let allAccepted = true;
    while (this.#pending.length > 0) {
      const batch = this.#pending.slice(0, MAX_BATCH);
      const result = await this.#post(endpoint, batch);
      if (result === 'failed') {
        this.#failures += 1;
        this.#nextAttemptAt = Date.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.#failures);
        return false;
      }
      // A batch the edge refuses as invalid will never be accepted: drop it rather than retry forever.
      if (result === 'refused') allAccepted = false;
      this.#failures = 0;
      this.#pending.splice(0, batch.length);
    }
    return allAccepted;
  }

  async #post(endpoint: string, interactions: KioskInteraction[]): Promise<'accepted' | 'refused' | 'failed'> {
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        mode: 'cors',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ interactions }),
        keepalive: true,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.ok) return 'accepted';
      return response.status >= 400 && response.status < 500 && response.status !== 429 ? 'refused' : 'failed';
    } catch {
      return 'failed';
    }
  }
}
