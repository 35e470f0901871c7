/**
 * The telemetry sender and the session that feeds it, for as long as the kiosk page runs.
 * Interactions wait until the kiosk's settings say where they go (or that they go nowhere).
 */
import { useEffect, useMemo } from 'react';
import { KioskSession } from '../telemetry/kiosk-session.ts';
import { TelemetrySender, telemetryEndpoint } from '../telemetry/telemetry-sender.ts';

export function useKioskTelemetry(kioskId: string | null, telemetryUrl: string | null | undefined): { session: KioskSession; flush(): Promise<boolean> } {
  const sender = useMemo(() => new TelemetrySender(), []);
  const session = useMemo(() => new KioskSession((interaction) => sender.enqueue(interaction)), [sender]);

  useEffect(() => {
    if (!kioskId) sender.configure(null);
    else if (telemetryUrl !== undefined) sender.configure(telemetryEndpoint(telemetryUrl, kioskId, window.location.hostname));
  }, [sender, kioskId, telemetryUrl]);

  useEffect(() => {
    sender.start();
    // A kiosk being switched off or reloaded sends what it still holds.
    const flushOnHide = () => {
      if (document.visibilityState === 'hidden') void sender.flush(true);
    };
    document.addEventListener('visibilitychange', flushOnHide);
    return () => {
      document.removeEventListener('visibilitychange', flushOnHide);
      sender.stop();
    };
  }, [sender]);

  return useMemo(() => ({ session, flush: () => sender.flush(true) }), [session, sender]);
}
