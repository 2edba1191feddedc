/**
 * `npm run package` (after the build): store-ready archives of both extensions, written by `web-ext build`, which
 * zips any extension directory with the manifest at the archive root, needing no system `zip`.
 *
 *   dist/realtime-devtools-chrome-<version>.zip     Chrome Web Store
 *   dist/realtime-devtools-firefox-<version>.xpi    addons.mozilla.org (a zip by another name)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, 'dist');
const webExt = resolve(root, 'node_modules/web-ext/bin/web-ext.js');

function archive(sourceDir: string, filename: string): string {
  const manifest = resolve(sourceDir, 'manifest.json');
  if (!existsSync(manifest)) throw new Error(`${manifest} is missing: run npm run build first`);
  const result = spawnSync(process.execPath, [
    webExt, 'build',
    '--source-dir', sourceDir,
    '--artifacts-dir', dist,
    '--filename', filename,
    '--overwrite-dest',
    '--no-input',
    '--no-config-discovery',
  ], { cwd: root, stdio: 'inherit' });
  const path = resolve(dist, filename);
  if (result.status !== 0 || !existsSync(path)) throw new Error(`web-ext build of ${sourceDir} failed`);
  return path;
}

const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
const archives = [
  archive(resolve(dist, 'chrome'), `realtime-devtools-chrome-${version}.zip`),
  archive(resolve(dist, 'firefox'), `realtime-devtools-firefox-${version}.xpi`),
];
for (const path of archives) console.log(`${path} (${Math.round(statSync(path).size / 1024)} KiB)`);
