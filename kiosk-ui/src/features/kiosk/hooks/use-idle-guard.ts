/**
 * Clears a kiosk someone walked away from. After `warnAfterS` without a touch or key it asks
 * "are you still there?" and counts down `resetAfterS`; the answer (`keepGoing`, the prompt's
 * button) goes back to normal, the end of the countdown calls `onReset`. While the prompt is up,
 * other touches do not count: it is modal, and the customer answers it. Only runs while
 * `enabled` (something to forget).
 */
import { useEffect, useRef, useState } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
const TICK_MS = 250;

export interface IdleGuard {
  warning: boolean;
  secondsLeft: number;
  /** The customer confirmed they are still there. */
  keepGoing(): void;
}

export function useIdleGuard(options: { enabled: boolean; warnAfterS: number; resetAfterS: number; onWarn(): void; onReset(): void }): IdleGuard {
  const { enabled, warnAfterS, resetAfterS } = options;
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());
  const warning = useRef(false);
  warning.current = secondsLeft !== null;
  const callbacks = useRef(options);
  callbacks.current = options;

  useEffect(() => {
    const touched = () => {
      if (!warning.current) lastActivity.current = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touched, { capture: true, passive: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touched, { capture: true });
    };
  }, []);

  useEffect(() => {
    if (!enabled) {
      setSecondsLeft(null);
      return;
    }
    lastActivity.current = Date.now();
    let warned = false;
    const timer = window.setInterval(() => {
      const idleS = (Date.now() - lastActivity.current) / 1000;
      if (idleS < warnAfterS) {
        warned = false;
        return;
      }
      if (!warned) {
        warned = true;
        callbacks.current.onWarn();
      }
      const left = Math.ceil(warnAfterS + resetAfterS - idleS);
      if (left <= 0) {
        window.clearInterval(timer);
        setSecondsLeft(null);
        callbacks.current.onReset();
        return;
      }
      setSecondsLeft(left);
    }, TICK_MS);
    return () => window.clearInterval(timer);
  }, [enabled, warnAfterS, resetAfterS]);

  return {
    warning: secondsLeft !== null,
    secondsLeft: secondsLeft ?? resetAfterS,
    keepGoing: () => {
      lastActivity.current = Date.now();
      warning.current = false;
      setSecondsLeft(null);
    },
  };
}
