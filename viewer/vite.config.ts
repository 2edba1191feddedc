import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import type { InlineConfig } from 'vite';

const root = resolve(import.meta.dirname, '..');
export const VIEWER_DIST = resolve(root, 'dist/viewer');

/** The standalone trace viewer: a static page with relative asset URLs, servable from any folder. */
export function viewerConfig(): InlineConfig {
  return {
    configFile: false,
    root: import.meta.dirname,
    base: './',
    plugins: [preact()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: VIEWER_DIST,
      emptyOutDir: true,
      target: 'es2022',
      modulePreload: { polyfill: false },
      rolldownOptions: { input: resolve(import.meta.dirname, 'index.html') },
    },
  };
}
