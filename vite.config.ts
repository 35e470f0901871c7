/**
 * The screens (kiosk-ui/): one Vite multi-page build of React pages, served by the hub.
 * `npm run build:ui` writes kiosk-ui/dist; `npx vite` serves them with hot reload and forwards
 * the API and socket.io to a hub on localhost:8080 (`npm start`).
 */
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './kiosk-ui/build/precompress.ts';
import { UI_DIST_DIR, UI_PAGES } from './kiosk-ui/pages.ts';

const uiRoot = path.resolve(import.meta.dirname, 'kiosk-ui');
const hub = process.env.TP_HUB_URL ?? 'http://localhost:8080';

export default defineConfig({
  root: uiRoot,
  base: '/',
  // kiosk-ui/public (the self-help illustrations, /kb/*.svg) is copied as it is; everything else
  // is imported, hashed and shipped from /assets/.
  publicDir: path.join(uiRoot, 'public'),
  plugins: [react(), precompress()],
  build: {
    outDir: path.resolve(import.meta.dirname, UI_DIST_DIR),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rolldownOptions: {
      input: Object.fromEntries(UI_PAGES.map((page) => [page, path.join(uiRoot, page, 'index.html')])),
    },
  },
  server: {
    proxy: {
      '/api': hub,
      '/socket.io': { target: hub, ws: true },
    },
  },
});
