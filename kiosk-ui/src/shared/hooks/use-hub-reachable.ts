import { useSyncExternalStore } from 'react';
import { connectivity } from '../api/connectivity.ts';

/** True while the hub answers (see api/connectivity.ts). */
export function useHubReachable(): boolean {
  return useSyncExternalStore(connectivity.subscribe, connectivity.reachable);
}
