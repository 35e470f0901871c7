/**
 * Telling a person on the move that a task came: the alert tones (WebAudio, once sound was
 * allowed with a tap) and a vibration where the phone allows it.
 */
import { ALERT_TONES, Chime } from '../../shared/chime.ts';

const VIBRATION_MS = [300, 150, 300];

export class TaskNotifier {
  readonly #chime = new Chime(ALERT_TONES);
  #soundAllowed = false;

  get soundAllowed(): boolean {
    return this.#soundAllowed;
  }

  /** From a tap: browsers play sound only after one. */
  async allowSound(): Promise<void> {
    await this.#chime.unlock();
    this.#soundAllowed = true;
  }

  notify(): void {
    if (this.#soundAllowed) void this.#chime.play();
    // Not every browser vibrates (iOS Safari has no navigator.vibrate); it is a bonus, not the signal.
    if (typeof navigator.vibrate === 'function') navigator.vibrate(VIBRATION_MS);
  }
}
