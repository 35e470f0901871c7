/** What each built screen makes a browser download: its scripts and styles, gzip-compressed. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  /** JS the page loads at start: its entry and every chunk it preloads. */
  jsFiles: string[];
  jsGzipBytes: number;
  cssGzipBytes: number;
}

const gzipBytes = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Reads `dist/<page>/index.html` for the scripts, preloads and styles Vite wrote into it. */
export function pageWeight(distDir: string, page: string): PageWeight {
  const html = readFileSync(path.join(distDir, page, 'index.html'), 'utf8');
  const urls = (pattern: RegExp) => [...html.matchAll(pattern)].map((match) => path.join(distDir, match[1]!));
  const jsFiles = [...new Set([...urls(/<script[^>]+src="([^"]+\.js)"/g), ...urls(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)])];
  const cssFiles = urls(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/g);
  return {
    jsFiles,
    jsGzipBytes: jsFiles.reduce((sum, file) => sum + gzipBytes(file), 0),
    cssGzipBytes: cssFiles.reduce((sum, file) => sum + gzipBytes(file), 0),
  };
}
