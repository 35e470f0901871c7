/**
 * Where the customer is: a stack of screens (Back pops one, Home clears it). Every move is
 * recorded in the session as it happens, in the order the customer made it.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { HOME, SCREENS, type Screen } from '../screens/screen-model.ts';
import type { KioskSession } from '../telemetry/kiosk-session.ts';

export interface KioskNavigation {
  screen: Screen;
  /** Counts every move, so each screen shown is a fresh one even if it looks like the last. */
  step: number;
  canGoBack: boolean;
  /** Show a new screen on top of this one. */
  go(screen: Screen): void;
  /** Show a screen in place of this one (a result that Back should not return to the form of). */
  replace(screen: Screen): void;
  back(): void;
  /** The customer pressed Home: the task ends here. */
  home(): void;
  /** The kiosk cleared itself after idle. */
  reset(): void;
}

export function useKioskNavigation(session: KioskSession): KioskNavigation {
  const [{ stack, step }, setState] = useState({ stack: [HOME], step: 0 });
  const current = useRef(stack);

  const show = useCallback((next: Screen[]) => {
    current.current = next;
    setState((state) => ({ stack: next, step: state.step + 1 }));
  }, []);

  const arrive = useCallback(
    (screen: Screen) => {
      if (screen.kind === 'home') {
        session.leave('abandon');
        return;
      }
      const info = SCREENS[screen.kind];
      session.screen(info.id, info.task);
      if (info.outcome === 'complete' && info.task) session.complete(info.task);
      if (info.outcome === 'accomplished') session.accomplished();
    },
    [session],
  );

  return useMemo<KioskNavigation>(
    () => ({
      screen: stack.at(-1)!,
      step,
      // A finished task's result is not a step to go back from: Home (or Finished) ends it.
      canGoBack: stack.length > 1 && SCREENS[stack.at(-1)!.kind].outcome !== 'complete',
      go(screen) {
        arrive(screen);
        show([...current.current, screen]);
      },
      replace(screen) {
        arrive(screen);
        show([...current.current.slice(0, -1), screen]);
      },
      back() {
        if (current.current.length < 2) return;
        const next = current.current.slice(0, -1);
        session.back();
        arrive(next.at(-1)!);
        show(next);
      },
      home() {
        session.leave('abandon');
        show([HOME]);
      },
      reset() {
        session.leave('timeout');
        show([HOME]);
      },
    }),
    [stack, step, arrive, show, session],
  );
}
