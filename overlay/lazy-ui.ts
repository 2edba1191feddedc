/**
 * The one place the overlay loads its heavy UI (Preact, the views) on first open. The overlay script is a classic
 * script that cannot hold chunks: its build rewrites this import to the UI module that ships next to the script
 * (see `uiModuleBesideScript` in vite.config.ts); the ES module build leaves it to the user's bundler to split.
 */
export function loadDevtoolsUi(): Promise<typeof import('./ui/mount')> {
  return import('./ui/mount');
}
