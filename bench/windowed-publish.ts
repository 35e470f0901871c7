/** Publishes payloads with QoS 1 keeping at most `window` unacknowledged; resolves when all are settled or progress stalls. */
import type { MqttClient } from 'mqtt';

export interface WindowedResult {
  published: number;
  acked: number;
  seconds: number;
  errors: string[];
  stalled: boolean;
}

export function publishWindowed(client: MqttClient, topic: string, payloads: Buffer[], window: number, stallMs: number): Promise<WindowedResult> {
  return new Promise((resolve) => {
    let published = 0;
    let acked = 0;
    let inFlight = 0;
    let lastProgress = performance.now();
    let finished = false;
    const errors: string[] = [];
    const started = performance.now();
    const finish = (stalled: boolean) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      resolve({ published, acked, seconds: (performance.now() - started) / 1000, errors, stalled });
    };
    const pump = () => {
      while (inFlight < window && published < payloads.length) {
        inFlight++;
        client.publish(topic, payloads[published++]!, { qos: 1 }, (error) => {
          inFlight--;
          if (error) errors.push(error.message);
          else acked++;
          lastProgress = performance.now();
          if (acked + errors.length === payloads.length) finish(false);
          else pump();
        });
      }
    };
    const watchdog = setInterval(() => {
      if (performance.now() - lastProgress > stallMs) finish(true);
    }, 1000);
    pump();
  });
}
