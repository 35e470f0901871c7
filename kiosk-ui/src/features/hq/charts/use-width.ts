/**
 * The width an element gets from the layout, followed as the window resizes, so a chart is drawn
 * at its real size and its text stays readable instead of being scaled with the drawing.
 */
import { useEffect, useRef, useState } from 'react';

export function useWidth<E extends HTMLElement>(fallback: number): [React.RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.floor(entry!.contentRect.width);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
