import type { ChaosFrameFilter } from '../protocol';

/**
 * Compiled forms of the settings that match text: the drop filter and the exempt URLs. Compiled once per change of
 * settings, so that the per-frame check is one `includes` or one `test`.
 */

export type TextMatcher = (text: string) => boolean;

export function compileFrameFilter(filter: ChaosFrameFilter): TextMatcher {
  if (filter.kind === 'substring') {
    const { pattern } = filter;
    return (text) => text.includes(pattern);
  }
  const regex = new RegExp(filter.pattern, filter.flags ?? '');
  return (text) => regex.test(text);
}

/** True when no condition may touch a request or connection to `url` (absolute) asking for `protocols`. */
export type ExemptionMatcher = (url: string, protocols?: readonly string[]) => boolean;

const PROTOCOL_PREFIX = 'protocol:';

/**
 * Exempt URL patterns: `protocol:<name>` matches a WebSocket asking for that subprotocol, `/source/flags` is a
 * RegExp tested on the absolute URL, anything else a substring of it. A pattern that fails to compile as a RegExp
 * is taken as a substring.
 */
export function compileExemptions(patterns: readonly string[]): ExemptionMatcher {
  const urlMatchers: TextMatcher[] = [];
  const protocols = new Set<string>();
  for (const pattern of patterns) {
    if (pattern.startsWith(PROTOCOL_PREFIX)) {
      protocols.add(pattern.slice(PROTOCOL_PREFIX.length));
      continue;
    }
    const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
    if (regex) {
      try {
        const compiled = new RegExp(regex[1] as string, (regex[2] as string).replace(/[gy]/g, ''));
        urlMatchers.push((url) => compiled.test(url));
        continue;
      } catch {
        // Taken literally below.
      }
    }
    if (pattern !== '') urlMatchers.push((url) => url.includes(pattern));
  }
  return (url, requested = []) => {
    for (const matcher of urlMatchers) if (matcher(url)) return true;
    for (const protocol of requested) if (protocols.has(protocol)) return true;
    return false;
  };
}
