import type { Handler, Variant } from './page/probe';

/** What each variant loads ahead of the probe, first in <head> as a dev build would. */
const TOOL_SCRIPTS: Record<Variant, string> = {
  baseline: '',
  'instrumentation-alone': '<script src="/dist/instrumentation/realtime-devtools.js"></script>',
  instrumentation: '<script src="/dist/instrumentation/realtime-devtools.js"></script>',
  overlay: '<script src="/dist/overlay/realtime-devtools-overlay.js"></script>',
};

export const VARIANTS = Object.keys(TOOL_SCRIPTS) as Variant[];

export const HANDLERS: Handler[] = ['parse', 'count'];

export function isHandler(value: string | null): value is Handler {
  return value !== null && (HANDLERS as string[]).includes(value);
}

export function isVariant(value: string | null): value is Variant {
  return value !== null && (VARIANTS as string[]).includes(value);
}

/** `/trial?variant=…&handler=…&trial=…&messages=…`: identical pages but for the tool scripts; the probe reads the query. */
export function trialPage(path: string, query: URLSearchParams): string | undefined {
  const variant = query.get('variant');
  if (path !== '/trial' || !isVariant(variant)) return undefined;
  return `<!doctype html>
<html lang="en">
  <head>
    ${TOOL_SCRIPTS[variant]}
    <meta charset="utf-8" />
    <title>Throughput trial: ${variant}</title>
    <script type="module" src="/probe.js"></script>
  </head>
  <body>
    <main>Throughput trial (${variant})</main>
  </body>
</html>
`;
}
