/** The kiosk's pictograms as inline SVG (no icon font, nothing fetched); decorative for screen readers. */
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="icon" viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round">
      {children}
    </svg>
  );
}

export const TicketIcon = () => (
  <Icon>
    <path d="M6 14h36v6a4 4 0 0 0 0 8v6H6v-6a4 4 0 0 0 0-8z" />
    <path d="M18 20h12M18 28h12" />
  </Icon>
);

export const CalendarIcon = () => (
  <Icon>
    <rect x="7" y="10" width="34" height="31" rx="3" />
    <path d="M7 19h34M16 6v8M32 6v8M15 27h4M22 27h4M29 27h4M15 34h4M22 34h4" />
  </Icon>
);

export const HelpIcon = () => (
  <Icon>
    <circle cx="24" cy="24" r="18" />
    <path d="M18.5 19a5.5 5.5 0 1 1 8 4.9c-1.6.8-2.5 2-2.5 3.6V29M24 35v.5" />
  </Icon>
);

export const PersonIcon = () => (
  <Icon>
    <circle cx="24" cy="14" r="7" />
    <path d="M10 42c0-8 6.3-14 14-14s14 6 14 14M38 8l4-3M40 14h5" />
  </Icon>
);

export const FeedbackIcon = () => (
  <Icon>
    <path d="M8 9h32v22H22l-9 8v-8H8z" />
    <path d="m18 19 4 4 8-8" />
  </Icon>
);

export const HomeIcon = () => (
  <Icon>
    <path d="M7 22 24 8l17 14M12 18v22h24V18" />
  </Icon>
);

export const BackIcon = () => (
  <Icon>
    <path d="M30 10 16 24l14 14" />
  </Icon>
);
