/**
 * The rules at work: distress signs and device status open and close alerts as their events are
 * stored; conditions that must last ("8 people for 60 s", "a camera stalled for 60 s") are
 * evaluated on a tick (every second by default); a negative feedback answer opens its follow-up case
 * as it is stored. Rule state that matters across a restart — which situations are ongoing —
 * resumes from the open alerts at start, and recent answers get the cases they are missing.
 */
import type { AlertService } from '../alerts/alert-service.ts';
import type { EventBus, StoredEvent } from '../bus.ts';
import type { FeedbackItem } from '../feedback/schema.ts';
import type { Logger } from '../logger.ts';
import type { LiveState } from '../state/live-state.ts';
import type { BranchFacts, BranchFactsView } from './branch-facts.ts';
import { CameraRule } from './camera-rule.ts';
import { DistressRule } from './distress-rule.ts';
import { FeedbackRule, type FeedbackRuleDeps } from './feedback-rule.ts';
import { NodeOfflineRule } from './node-offline-rule.ts';
import { QueueLengthRule } from './queue-length-rule.ts';
import type { RuleStore } from './rule-store.ts';
import { WaitBreachRule } from './wait-breach-rule.ts';

export interface RulesEngineDeps {
  bus: EventBus;
  alerts: AlertService;
  store: RuleStore;
  facts: BranchFactsView & Pick<BranchFacts, 'start' | 'stop'>;
  state: Pick<LiveState, 'zones' | 'nodes'>;
  /** Feedback answers and the visits they are about. */
  feedback: FeedbackRuleDeps['feedback'];
  log: Logger;
  now?: () => number;
  tickMs?: number;
  /** A camera count older than this is not used by the queue-length rule. */
  cameraMaxAgeMs: number;
}

export class RulesEngine {
  readonly waitBreach: WaitBreachRule;
  readonly #queueLength: QueueLengthRule;
  readonly #camera: CameraRule;
  readonly #distress: DistressRule;
  readonly #node: NodeOfflineRule;
  readonly #feedback: FeedbackRule;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void)[] = [];
  #ticking: Promise<void> | null = null;
  #events: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RulesEngineDeps) {
    const { alerts, facts, state, store } = deps;
    const rules = () => store.current();
    this.#now = deps.now ?? Date.now;
    this.waitBreach = new WaitBreachRule({ alerts, rules });
    this.#queueLength = new QueueLengthRule({ alerts, facts, rules, zones: () => state.zones(), cameraMaxAgeMs: deps.cameraMaxAgeMs });
    this.#camera = new CameraRule({ alerts, rules, nodes: () => state.nodes() });
    this.#distress = new DistressRule({ alerts, facts, rules });
    this.#node = new NodeOfflineRule({ alerts, rules });
    this.#feedback = new FeedbackRule({ alerts, facts, rules, feedback: deps.feedback });
  }

  async start(): Promise<void> {
    await this.deps.facts.start();
    this.#queueLength.restore();
    this.#camera.restore();
    // In order, so a node's offline and online statuses close what they opened.
    this.#unsubscribe = [
      this.deps.bus.on('events.stored', (events) => {
        this.#events = this.#events.then(() => this.#onEvents(events));
      }),
      this.deps.bus.on('feedback.received', (answer) => {
        this.#events = this.#events.then(() => this.#onFeedback(answer));
      }),
    ];
    this.#events = this.#events.then(() => this.#feedback.restore(this.#now()).catch((error: unknown) => this.deps.log.error({ err: error }, 'opening missed feedback cases failed')));
    this.#timer = setInterval(() => void this.tick(), this.deps.tickMs ?? 1000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    for (const off of this.#unsubscribe) off();
    await this.#ticking;
    await this.#events;
    await this.deps.facts.stop();
  }

  /** Evaluates the lasting conditions once; a tick due while one runs is skipped. */
  tick(): Promise<void> {
    this.#ticking ??= (async () => {
      const nowMs = this.#now();
      await this.#queueLength.evaluate(nowMs).catch((error: unknown) => this.deps.log.error({ err: error }, 'queue-length rule failed'));
      await this.#camera.evaluate(nowMs).catch((error: unknown) => this.deps.log.error({ err: error }, 'camera rule failed'));
      this.#ticking = null;
    })();
    return this.#ticking;
  }

  /** Waits for the stored events and feedback answers handed to the rules so far (for tests and an orderly stop). */
  settled(): Promise<void> {
    return this.#events;
  }

  async #onEvents(events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      try {
        await this.#distress.onEvent(stored);
        await this.#node.onEvent(stored);
      } catch (error) {
        // One event that could not open its alert (a locked database) must not stop the next.
        this.deps.log.error({ err: error, eventId: stored.event.id }, 'rule failed for an event');
      }
    }
  }

  async #onFeedback(answer: FeedbackItem): Promise<void> {
    await this.#feedback.onFeedback(answer).catch((error: unknown) => this.deps.log.error({ err: error, feedbackId: answer.id }, 'feedback rule failed'));
  }
}
