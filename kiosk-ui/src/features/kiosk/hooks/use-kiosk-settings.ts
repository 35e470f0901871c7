/**
 * This kiosk's settings from the hub (`?kiosk=<id>`). Until they arrive — or when the id is
 * missing or unknown — the kiosk runs on defaults, so a customer is never kept waiting for
 * configuration. While the hub is unreachable it keeps asking.
 */
import { useEffect, useState } from 'react';
import { ApiError, isBusy } from '../../../shared/api/http.ts';
import type { KioskSettings } from '../../../shared/api/queue-types.ts';
import { kioskApi } from '../api/kiosk-api.ts';

export interface EffectiveSettings {
  kioskId: string | null;
  /** undefined while not known yet; null when this kiosk sends no telemetry. */
  telemetryUrl: string | null | undefined;
  idleWarnS: number;
  idleResetS: number;
}

/** A person needs at least 20 s to notice the prompt and answer it (WCAG 2.2.1). */
export const MIN_IDLE_RESET_S = 20;
const MIN_IDLE_WARN_S = 10;
const DEFAULT_IDLE_WARN_S = 60;
const RETRY_MS = 10_000;

type Loaded = { status: 'loading' } | { status: 'loaded'; settings: KioskSettings } | { status: 'unknown' };

export function effectiveSettings(kioskId: string | null, loaded: Loaded): EffectiveSettings {
  const settings = loaded.status === 'loaded' ? loaded.settings : null;
  return {
    kioskId,
    telemetryUrl: !kioskId || loaded.status === 'unknown' ? null : settings ? settings.telemetryUrl : undefined,
    idleWarnS: Math.max(MIN_IDLE_WARN_S, settings?.idleWarnS ?? DEFAULT_IDLE_WARN_S),
    idleResetS: Math.max(MIN_IDLE_RESET_S, settings?.idleResetS ?? MIN_IDLE_RESET_S),
  };
}

export function useKioskSettings(kioskId: string | null): EffectiveSettings {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    if (!kioskId) return;
    let timer: number | undefined;
    let current = true;
    const load = () => {
      kioskApi.settings(kioskId).then(
        (settings) => current && setLoaded({ status: 'loaded', settings }),
        (error: unknown) => {
          if (!current) return;
          // An unknown kiosk id will not become known by asking again; anything else might.
          if (error instanceof ApiError && error.status >= 400 && error.status < 500 && !isBusy(error)) setLoaded({ status: 'unknown' });
          else timer = window.setTimeout(load, RETRY_MS);
        },
      );
    };
    load();
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [kioskId]);
  return effectiveSettings(kioskId, loaded);
}
