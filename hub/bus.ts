/**
 * The hub's typed event bus. Services talk only through it; each listener runs inside
 * try/catch so one failing feature never breaks another or the publisher.
 */
import type { CloudEvent, DeadLetterReason } from '../protocol/envelope.ts';
import type { DispatchChange, StaffBoardEntry } from './dispatch/types.ts';
import type { TopicParts } from '../protocol/topics.ts';
import type { FeedbackItem } from './feedback/schema.ts';
import type { Logger } from './logger.ts';
import type { CounterChange, QueueCall, TicketChange } from './queue/queue-events.ts';

export interface StoredEvent {
  event: CloudEvent;
  topic: TopicParts;
  receivedAt: Date;
  /** The source's clock as this event showed it (ingest/clock-check.ts): s ahead (+) or behind (−), 0 fine, absent unknown. */
  clockSkewS?: number;
}

export interface DeadLetterNotice {
  topic: string;
  reason: DeadLetterReason;
  detail: string;
  receivedAt: Date;
}

export interface BusEvents {
  /** Events newly committed to the log, in arrival order (duplicates are not repeated). */
  'events.stored': StoredEvent[];
  'deadletters.stored': DeadLetterNotice[];
  /** Branch configuration changed through the API (zones, services, counters, staff, devices). */
  'config.changed': { entity: 'zone' | 'service' | 'counter' | 'staff' | 'device' | 'branch' };
  /** Live state changed; realtime pushes it to the floor. */
  'state.zone': { zoneId: string; count: number; waitEstimateS: number | null; confidence: number; updatedAt: string };
  'state.node': NodeState;
  'state.alert': AlertState;
  /** A customer left feedback after service (kiosk or phone); the experience log builds on it. */
  'feedback.received': FeedbackItem;
  /** The experience hours were brought up to date; `finalised` hours became final (hub/experience). */
  'experience.updated': { finalised: number };
  /** A queue ticket was issued or changed status (hub/queue). */
  'queue.ticket': TicketChange;
  /** A ticket was called or recalled to a counter. */
  'queue.call': QueueCall;
  /** A counter opened or closed. */
  'queue.counter': CounterChange;
  /** A dispatch was created or moved on (hub/dispatch); its people's screens and the floor hear it. */
  'dispatch.changed': DispatchChange;
  /** A staff member's presence (status, zone) changed: their row of the floor's staff board. */
  'staff.presence': StaffBoardEntry;
}

export interface NodeState {
  sourceKind: string;
  sourceId: string;
  online: boolean;
  lastSeenAt: string;
  version?: string;
  backend?: string;
  cameras: { cameraId: string; state: string; fps?: number; restarts?: number; error?: string }[];
  outbox?: { queued: number; dropped: number };
  /** Its clock is this many seconds ahead (+) or behind (−) the hub's; absent when right (ingest/clock-check.ts). */
  clockSkewS?: number;
}

export interface AlertState {
  id: string;
  kind: string;
  severity: string;
  zoneId: string | null;
  sourceId: string | null;
  status: 'open' | 'acknowledged' | 'resolved';
  openedAt: string;
  updatedAt: string;
  /** The rule that opened it (hub/rules), e.g. `queue-length`, `distress.fall`. */
  ruleId: string | null;
  /** Dispatch sends someone; otherwise the floor is only told. */
  needsPerson: boolean;
  reason: BilingualText;
  /** What a person could decide to do (open a counter); never done automatically. */
  suggestion: BilingualText | null;
  resolvedBy: 'staff' | 'manager' | 'auto' | null;
  outcome: string | null;
  /** Skills preferred in the person sent. */
  skills: string[];
}

export interface BilingualText {
  en: string;
  zh: string;
}

type Listener<K extends keyof BusEvents> = (payload: BusEvents[K]) => void | Promise<void>;

export class EventBus {
  readonly #listeners = new Map<keyof BusEvents, Set<Listener<never>>>();

  constructor(private readonly log: Logger) {}

  on<K extends keyof BusEvents>(name: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof BusEvents>(name: K, payload: BusEvents[K]): void {
    for (const listener of this.#listeners.get(name) ?? []) {
      try {
        const result = (listener as Listener<K>)(payload);
        if (result instanceof Promise) result.catch((error: unknown) => this.log.error({ err: error, event: name }, 'bus listener failed'));
      } catch (error) {
        this.log.error({ err: error, event: name }, 'bus listener failed');
      }
    }
  }
}
