/**
 * One kiosk screen: a titled region. The title takes focus when the screen appears, so a
 * screen reader announces the new screen, and it is what "read aloud" speaks first.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function ScreenFrame({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section className={`screen ${className ?? ''}`} aria-labelledby={id}>
      <h2 id={id} ref={heading} tabIndex={-1} className="screen-title" data-speak="">
        {title}
      </h2>
      {children}
    </section>
  );
}
