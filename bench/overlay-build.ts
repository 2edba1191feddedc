import { resolve } from 'node:path';
import { build, type InlineConfig } from 'vite';
import { instrumentationScriptConfig, overlayModuleConfig, overlayScriptConfig } from '../vite.config';

/**
 * Builds only what the throughput trial pages load — the drop-in overlay (the classic script and the UI module it
 * loads on open) and the bare instrumentation script — from the working tree into `<dir>`, laid out as in dist/. A private build lets a measurement run against code being edited
 * without racing anyone else's `npm run build` over dist/; `minify: false` keeps function names readable in a CPU
 * profile.
 */
export async function buildPageScriptsInto(dir: string, { minify }: { minify: boolean }): Promise<void> {
  const quiet = (config: InlineConfig, outDir: string): InlineConfig => ({
    ...config,
    logLevel: 'warn',
    build: {
      ...config.build,
      outDir,
      minify,
      rolldownOptions: {
        ...config.build?.rolldownOptions,
        output: { ...config.build?.rolldownOptions?.output, minify },
      },
    },
  });
  await build(quiet(overlayModuleConfig(), resolve(dir, 'overlay/esm')));
  await build(quiet(overlayScriptConfig(), resolve(dir, 'overlay')));
  await build(quiet(instrumentationScriptConfig(), resolve(dir, 'instrumentation')));
}
