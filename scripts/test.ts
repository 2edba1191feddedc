/**
 * `npm test`: type check, build (unless RTD_SKIP_BUILD=1, as in CI right after its own build), lint the Firefox
 * build, unit tests, then the e2e suites in Chromium and Firefox. Ends with one "N passed, N failed" line
 * summing the runners' counts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const tmp = resolve(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const extraArgs = process.argv.slice(2);

interface Tally { passed: number; failed: number; skipped: number }
const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n── ${label} ──`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  if (!ok) failures.push(label);
  return ok;
}

function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const npx = 'npx';
run('type check', npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']);
if (process.env.RTD_SKIP_BUILD !== '1') run('build', npx, ['tsx', 'scripts/build.ts']);
run('web-ext lint (Firefox build)', npx, ['web-ext', 'lint', '--source-dir', 'dist/firefox', '--no-input']);

const vitestJson = resolve(tmp, 'vitest.json');
rmSync(vitestJson, { force: true });
run('unit tests (vitest)', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const vitest = readJson(vitestJson) as { numPassedTests?: number; numFailedTests?: number; numPendingTests?: number } | undefined;
if (vitest) {
  tally.passed += vitest.numPassedTests ?? 0;
  tally.failed += vitest.numFailedTests ?? 0;
  tally.skipped += vitest.numPendingTests ?? 0;
}

const playwrightJson = resolve(tmp, 'playwright.json');
rmSync(playwrightJson, { force: true });
run('e2e (Playwright: Chromium, and Firefox through puppeteer-core)', npx, ['playwright', 'test', '--reporter=list,json', ...extraArgs], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
});
const playwright = readJson(playwrightJson) as { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number } } | undefined;
if (playwright?.stats) {
  tally.passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
  tally.failed += playwright.stats.unexpected ?? 0;
  tally.skipped += playwright.stats.skipped ?? 0;
}

if (failures.length > 0) {
  console.log(`\nFailed steps: ${failures.join('; ')}`);
  if (tally.failed === 0) tally.failed = failures.length;
}
console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(failures.length > 0 ? 1 : 0);
