import type { ReactNode } from 'react';

/** A large touch target: icon, label and a one-line hint (read together by screen readers). */
export function Tile({ icon, label, hint, onSelect, disabled, testId }: { icon?: ReactNode; label: string; hint?: string; onSelect(): void; disabled?: boolean; testId?: string }) {
  return (
    <button type="button" className="tile" onClick={onSelect} disabled={disabled} data-testid={testId}>
      {icon}
      <span className="tile-label">{label}</span>
      {hint ? <span className="tile-hint">{hint}</span> : null}
    </button>
  );
}
