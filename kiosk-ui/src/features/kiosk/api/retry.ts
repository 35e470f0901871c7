/**
 * Repeats a request while the hub does not answer at all, a few times with growing pauses.
 * Only safe for requests the hub treats as idempotent (an `Idempotency-Key`, or a read).
 */
import { NetworkError } from '../../../shared/api/http.ts';

const PAUSES_MS = [1_000, 2_500];

export async function retryWhileUnreachable<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const pause = PAUSES_MS[attempt];
      if (!(error instanceof NetworkError) || pause === undefined) throw error;
      await new Promise((resolve) => window.setTimeout(resolve, pause));
    }
  }
}
