/**
 * The call chime, synthesised with WebAudio (no sound file): two soft bell tones, high then
 * low. Browsers start audio only after a user gesture, so a page asks once for a touch.
 */
export interface Tone {
  frequency: number;
  startS: number;
  lengthS: number;
}

const CALL_TONES: readonly Tone[] = [
  { frequency: 880, startS: 0, lengthS: 0.9 },
  { frequency: 659.25, startS: 0.45, lengthS: 1.2 },
];

/** Someone is needed: three quick rising tones, unlike the calm call chime. */
export const ALERT_TONES: readonly Tone[] = [
  { frequency: 740, startS: 0, lengthS: 0.25 },
  { frequency: 988, startS: 0.3, lengthS: 0.25 },
  { frequency: 1319, startS: 0.6, lengthS: 0.5 },
];
const PEAK_GAIN = 0.35;

export class Chime {
  #context: AudioContext | null = null;

  constructor(private readonly tones: readonly Tone[] = CALL_TONES) {}

  /** The audio context, created on first use. */
  get context(): AudioContext {
    this.#context ??= new AudioContext();
    return this.#context;
  }

  get locked(): boolean {
    return this.context.state !== 'running';
  }

  /** Call from a user gesture (a click) to allow sound. */
  async unlock(): Promise<void> {
    await this.context.resume();
  }

  /** Plays the chime; resolves when it has finished. */
  play(): Promise<void> {
    const context = this.context;
    const now = context.currentTime;
    for (const tone of this.tones) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = tone.frequency;
      const start = now + tone.startS;
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(PEAK_GAIN, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.001, start + tone.lengthS);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + tone.lengthS);
    }
    const totalS = Math.max(...this.tones.map((tone) => tone.startS + tone.lengthS));
    return new Promise((resolve) => window.setTimeout(resolve, totalS * 1000));
  }
}
