/**
 * `npm run build`: every output of `vite.config.ts` into dist/, then a check of what the browsers will load.
 *
 *   dist/chrome/                  MV3 extension, unpacked (load it from chrome://extensions)
 *   dist/firefox/                 the same for Firefox (about:debugging → Load Temporary Add-on)
 *   dist/overlay/realtime-devtools-overlay.js        drop-in classic script; loads esm/realtime-devtools-ui.js
 *   dist/overlay/esm/realtime-devtools-overlay.js    `import 'realtime-devtools/overlay'`
 *   dist/instrumentation/realtime-devtools.js        the hook alone, for tests
 *   dist/viewer/                  the standalone trace viewer (static; `npm run viewer` serves it)
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type InlineConfig } from 'vite';
import {
  DIST,
  OVERLAY_SCRIPT,
  OVERLAY_UI_MODULE,
  extensionConfig,
  instrumentationScriptConfig,
  overlayModuleConfig,
  overlayScriptConfig,
  playwrightFixtureConfig,
} from '../vite.config';
import { viewerConfig } from '../viewer/vite.config';

interface BuiltManifest {
  background?: { service_worker?: string; scripts?: string[] };
  content_scripts?: { js?: string[]; world?: string }[];
  devtools_page?: string;
  icons?: Record<string, string>;
  web_accessible_resources?: unknown[];
}

const steps: [label: string, config: InlineConfig][] = [
  ['Chrome extension', extensionConfig('chrome')],
  ['Firefox extension', extensionConfig('firefox')],
  ['overlay modules', overlayModuleConfig()],
  ['overlay script', overlayScriptConfig()],
  ['instrumentation script', instrumentationScriptConfig()],
  ['trace viewer', viewerConfig()],
  ['Playwright fixture', playwrightFixtureConfig()],
];

/**
 * Fails the build where crxjs's output would silently break the extension: a file the manifest names but the build
 * did not write, a MAIN-world script turned into an async loader (it would run after the page's inline scripts),
 * or resources opened to every site.
 */
function checkExtension(directory: string): void {
  const manifest = JSON.parse(readFileSync(resolve(directory, 'manifest.json'), 'utf8')) as BuiltManifest;
  const problems: string[] = [];
  const files = [
    ...(manifest.background?.service_worker ? [manifest.background.service_worker] : []),
    ...(manifest.background?.scripts ?? []),
    ...(manifest.content_scripts ?? []).flatMap((script) => script.js ?? []),
    ...(manifest.devtools_page ? [manifest.devtools_page] : []),
    ...Object.values(manifest.icons ?? {}),
    'extension/panel/panel.html',
  ];
  for (const file of files) if (!existsSync(resolve(directory, file))) problems.push(`${file} is missing`);
  for (const script of manifest.content_scripts ?? []) {
    for (const file of script.js ?? []) {
      const path = resolve(directory, file);
      if (existsSync(path) && /\bimport\s*\(/.test(readFileSync(path, 'utf8'))) {
        problems.push(`content script ${file} loads modules at run time instead of running standalone`);
      }
    }
  }
  if (manifest.web_accessible_resources?.length) problems.push('web_accessible_resources is not empty');
  if (problems.length > 0) throw new Error(`${directory}:\n  ${problems.join('\n  ')}`);
}

/** crxjs drops its manifest chunk from the bundle but not that chunk's source map, which would ship in the stores. */
function removeOrphanSourceMaps(directory: string): void {
  for (const file of readdirSync(directory, { recursive: true, encoding: 'utf8' })) {
    if (file.endsWith('.map') && !existsSync(resolve(directory, file.slice(0, -'.map'.length)))) rmSync(resolve(directory, file));
  }
}

function checkOverlay(): void {
  const script = resolve(DIST, 'overlay', OVERLAY_SCRIPT);
  const uiModule = resolve(DIST, 'overlay/esm/realtime-devtools-ui.js');
  for (const file of [script, uiModule, resolve(DIST, 'overlay/esm/realtime-devtools-overlay.js')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing`);
  }
  if (!readFileSync(script, 'utf8').includes(OVERLAY_UI_MODULE)) {
    throw new Error(`${script} does not load ${OVERLAY_UI_MODULE} on demand: the UI would weigh on every page`);
  }
}

const started = performance.now();
rmSync(resolve(DIST, 'overlay'), { recursive: true, force: true });
for (const [label, config] of steps) {
  const stepStarted = performance.now();
  await build({ ...config, logLevel: 'warn' });
  console.log(`built ${label} in ${Math.round(performance.now() - stepStarted)} ms`);
}
for (const browser of ['chrome', 'firefox']) {
  removeOrphanSourceMaps(resolve(DIST, browser));
  checkExtension(resolve(DIST, browser));
}
checkOverlay();
console.log(`build done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
