/**
 * Every build of the project from one source: the Chrome and Firefox extensions, the drop-in overlay (a classic
 * script plus an ES module entry) and the bare instrumentation script. `scripts/build.ts` runs them all; the
 * default export (the Chrome extension) is what a plain `vite build` makes.
 */
import { resolve } from 'node:path';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type InlineConfig, type Plugin } from 'vite';
import sourceManifest from './manifest.json' with { type: 'json' };
import packageJson from './package.json' with { type: 'json' };

export type ExtensionBrowser = 'chrome' | 'firefox';

const root = import.meta.dirname;
export const DIST = resolve(root, 'dist');

export const GECKO_ID = 'realtime-devtools@realtime-devtools.dev';
const PAGE_ENTRY = 'instrumentation/page-entry.ts';
const RELAY = 'extension/relay.ts';
const PANEL_PAGE = 'extension/panel/panel.html';
const OVERLAY_ENTRY = 'overlay/index.ts';
const UI_ENTRY = 'overlay/ui/mount.tsx';

export const OVERLAY_SCRIPT = 'realtime-devtools-overlay.js';
/** Where the overlay script finds the UI module it loads on demand, relative to itself. */
export const OVERLAY_UI_MODULE = './esm/realtime-devtools-ui.js';
export const INSTRUMENTATION_SCRIPT = 'realtime-devtools.js';

const TARGET = 'es2022';

/**
 * The one manifest in `manifest.json` is Chromium's; Firefox differs only where its MV3 does: an event page
 * instead of a service worker, and its own id and minimum version.
 */
export function manifestFor(browser: ExtensionBrowser): ManifestV3Export {
  const manifest = { ...sourceManifest, version: packageJson.version };
  if (browser === 'chrome') return manifest;
  return {
    ...manifest,
    background: { scripts: [sourceManifest.background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        // Firefox 128 runs content scripts in the MAIN world; 140 is the ESR that also has the data consent keys.
        strict_min_version: '140.0',
        // Everything captured stays in the browser, shown in DevTools; nothing is sent anywhere.
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox for Android reads the data consent keys from 142 on (it has no DevTools panels to show anyway).
      gecko_android: { strict_min_version: '142.0' },
    },
  } as ManifestV3Export;
}

export function extensionConfig(browser: ExtensionBrowser): InlineConfig {
  return {
    configFile: false,
    root,
    plugins: [
      preact(),
      crx({
        manifest: manifestFor(browser),
        browser,
        // Built as self-contained classic scripts: crxjs's default module loader would run the page script after
        // the page's own inline scripts (missing their first sockets) and expose its chunks to every site.
        contentScripts: { standaloneFiles: [PAGE_ENTRY, RELAY] },
      }),
    ],
    build: {
      outDir: resolve(DIST, browser),
      emptyOutDir: true,
      target: TARGET,
      sourcemap: true,
      // Both browsers preload modules natively.
      modulePreload: { polyfill: false },
      // Referenced only from `devtools.panels.create`, which crxjs does not read.
      rolldownOptions: { input: { panel: resolve(root, PANEL_PAGE) } },
    },
  };
}

/**
 * `import 'realtime-devtools/overlay'`: ES modules, the UI a separate entry that the overlay imports on demand,
 * so that bundlers split it off. The overlay script loads the same UI module.
 */
export function overlayModuleConfig(): InlineConfig {
  return {
    configFile: false,
    root,
    plugins: [preact()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: resolve(DIST, 'overlay/esm'),
      emptyOutDir: false,
      target: TARGET,
      lib: {
        entry: { 'realtime-devtools-overlay': resolve(root, OVERLAY_ENTRY), 'realtime-devtools-ui': resolve(root, UI_ENTRY) },
        formats: ['es'],
        fileName: (_format, entryName) => `${entryName}.js`,
      },
      rolldownOptions: {
        output: {
          chunkFileNames: 'chunks/[name]-[hash].js',
          // Vite leaves library ES output unminified; this one is also what the overlay script loads at run time.
          minify: true,
        },
      },
    },
  };
}

/** Marks the spot where the overlay script imports its UI module; replaced once the chunk is rendered. */
const UI_IMPORT_PLACEHOLDER = '__realtime_devtools_ui_module__';
const SCRIPT_URL_VARIABLE = '__realtimeDevtoolsScriptUrl';

/**
 * A classic script cannot hold code-split chunks, so the overlay script imports the UI as an ES module from next to
 * itself. It resolves the URL against its own `src`, captured while it runs (`document.currentScript` is null
 * later), so it works from any path or CDN whatever the page's base URL.
 */
function uiModuleBesideScript(): Plugin {
  const uiEntry = resolve(root, UI_ENTRY);
  return {
    name: 'realtime-devtools:ui-module-beside-script',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (options.kind !== 'dynamic-import') return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === uiEntry ? { id: UI_IMPORT_PLACEHOLDER, external: true } : null;
    },
    renderChunk(code) {
      let replaced = 0;
      const next = code.replace(new RegExp(`import\\((["'\`])${UI_IMPORT_PLACEHOLDER}\\1\\)`, 'g'), () => {
        replaced++;
        return `import(new URL(${JSON.stringify(OVERLAY_UI_MODULE)}, ${SCRIPT_URL_VARIABLE}).href)`;
      });
      if (replaced === 0 && code.includes(UI_IMPORT_PLACEHOLDER)) {
        this.error('the overlay script refers to its UI module in a way this build cannot rewrite');
      }
      return replaced > 0 ? { code: next, map: null } : null;
    },
  };
}

export function overlayScriptConfig(): InlineConfig {
  return {
    configFile: false,
    root,
    plugins: [preact(), uiModuleBesideScript()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: resolve(DIST, 'overlay'),
      emptyOutDir: false,
      target: TARGET,
      lib: {
        entry: resolve(root, OVERLAY_ENTRY),
        formats: ['iife'],
        name: 'RealtimeDevtoolsOverlay',
        fileName: () => OVERLAY_SCRIPT,
      },
      rolldownOptions: {
        output: {
          intro: `var ${SCRIPT_URL_VARIABLE} = (document.currentScript && document.currentScript.src) || location.href;`,
        },
      },
    },
  };
}

/** The hook alone, no UI: for `page.addInitScript({ path })` in tests and the Playwright fixture. */
export function instrumentationScriptConfig(): InlineConfig {
  return {
    configFile: false,
    root,
    build: {
      outDir: resolve(DIST, 'instrumentation'),
      emptyOutDir: true,
      target: TARGET,
      lib: {
        entry: resolve(root, 'instrumentation/standalone.ts'),
        formats: ['iife'],
        name: 'RealtimeDevtoolsInstrumentation',
        fileName: () => INSTRUMENTATION_SCRIPT,
      },
    },
  };
}

/**
 * `realtime-devtools/playwright`: the test fixture as plain ES module JavaScript for users' suites (Node does not
 * load TypeScript from a package). It runs in the test process, so Playwright and Node's own modules stay external.
 */
export function playwrightFixtureConfig(): InlineConfig {
  return {
    configFile: false,
    root,
    build: {
      outDir: resolve(DIST, 'playwright'),
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      lib: {
        entry: resolve(root, 'instrumentation/playwright-fixture.ts'),
        formats: ['es'],
        fileName: () => 'index.js',
      },
      rolldownOptions: { external: [/^@playwright\//, /^node:/] },
    },
  };
}

export default defineConfig(extensionConfig('chrome'));
