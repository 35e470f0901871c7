/**
 * One customer's use of the kiosk for one task, as telemetry. A session opens with its first
 * recorded interaction (`session-start` first) and closes with exactly one of `complete`,
 * `abandon` or `timeout`; after that the screen may stay up, but nothing more is recorded
 * until the next interaction opens a new session. Ids are random per session.
 */
import type { KioskInteraction } from '../../../../../protocol/kiosk-telemetry.ts';
import { uuidv7 } from '../../../../../protocol/ids.ts';

export type KioskTask = NonNullable<KioskInteraction['task']>;
export type SelfHelpAnswer = NonNullable<KioskInteraction['answer']>;
type Detail = { task?: KioskTask | undefined; screen?: string; code?: string; answer?: SelfHelpAnswer };

export class KioskSession {
  #id: string | null = null;
  #seq = 0;
  #task: KioskTask | undefined;
  #accomplished = false;

  constructor(private readonly sink: (interaction: KioskInteraction) => void) {}

  get open(): boolean {
    return this.#id !== null;
  }

  screen(screen: string, task: KioskTask | undefined): void {
    if (task) this.#task = task;
    this.#record('screen', { screen, task });
  }

  back(): void {
    this.#record('back', { task: this.#task });
  }

  error(code: string): void {
    this.#record('error', { task: this.#task, code });
  }

  /** The customer took a self-help answer to their question: only the need it was read as, never the question. */
  answer(answer: SelfHelpAnswer): void {
    this.#record('answer', { task: 'self-help', answer });
  }

  helpRequest(): void {
    this.#record('help-request', { task: this.#task });
  }

  /** Only within a session: a warning over a finished task's screen is not part of any session. */
  idleWarning(): void {
    if (this.open) this.#record('idle-warning', { task: this.#task });
  }

  /** The task succeeded now; the session ends. */
  complete(task: KioskTask): void {
    this.#record('complete', { task });
    this.#close();
  }

  /** The customer got what they came for (e.g. read an answer); leaving now counts as completion. */
  accomplished(): void {
    this.#accomplished = true;
  }

  /** The customer left the task (home, or the idle reset): completion, abandonment or timeout. */
  leave(how: 'abandon' | 'timeout'): void {
    if (!this.open) return;
    if (this.#accomplished && this.#task) this.#record('complete', { task: this.#task });
    else this.#record(how, { task: this.#task });
    this.#close();
  }

  #record(type: KioskInteraction['type'], detail: Detail): void {
    if (!this.#id) {
      this.#id = uuidv7();
      this.#seq = 0;
      this.#emit('session-start', {});
    }
    this.#emit(type, detail);
  }

  #emit(type: KioskInteraction['type'], detail: Detail): void {
    const interaction: KioskInteraction = { sessionId: this.#id!, seq: this.#seq++, at: new Date().toISOString(), type };
    if (detail.task) interaction.task = detail.task;
    if (detail.screen) interaction.screen = detail.screen;
    if (detail.code) interaction.code = detail.code;
    if (detail.answer) interaction.answer = detail.answer;
    this.sink(interaction);
  }

  #close(): void {
    this.#id = null;
    this.#task = undefined;
    this.#accomplished = false;
  }
}
