/** What every kiosk screen may use: navigation, the session's telemetry, live queue figures. */
import { createContext, useContext } from 'react';
import type { Board } from '../../shared/api/queue-types.ts';
import type { KioskNavigation } from './hooks/use-kiosk-navigation.ts';
import type { KioskSession } from './telemetry/kiosk-session.ts';

export interface KioskContextValue {
  nav: KioskNavigation;
  session: KioskSession;
  /** Sends pending telemetry now; true when the edge node accepted it (used to call a person). */
  flushTelemetry(): Promise<boolean>;
  board: Board | null;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('kiosk screens need the KioskContext');
  return value;
}
