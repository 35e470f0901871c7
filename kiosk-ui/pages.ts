/**
 * The screens of the multi-page build. Each one is `kiosk-ui/<page>/index.html`, built to
 * `kiosk-ui/dist/<page>/index.html` and served by the hub at `/<page>/` (hub/static).
 */
export const UI_PAGES = ['kiosk', 'display', 'counter', 'ticket', 'privacy', 'floor', 'staff', 'hq'] as const;
export type UiPage = (typeof UI_PAGES)[number];

/** Where `vite build` writes, relative to the repository root. */
export const UI_DIST_DIR = 'kiosk-ui/dist';
