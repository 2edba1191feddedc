/**
 * The path and query of a URL string, absolute or relative, without `URL` (which throws on relative input and which
 * the page can replace). Percent-decoding failures keep the raw text.
 */
export interface UrlParts {
  /** Lower-cased host without port; empty for a relative URL. */
  host: string;
  path: string;
  query: Map<string, string>;
}

export function urlParts(url: string): UrlParts {
  const hash = url.indexOf('#');
  const withoutHash = hash === -1 ? url : url.slice(0, hash);
  const questionMark = withoutHash.indexOf('?');
  const beforeQuery = questionMark === -1 ? withoutHash : withoutHash.slice(0, questionMark);
  const scheme = beforeQuery.indexOf('://');
  const afterAuthority = scheme === -1 ? -1 : beforeQuery.indexOf('/', scheme + 3);
  const path = scheme === -1 ? beforeQuery : afterAuthority === -1 ? '/' : beforeQuery.slice(afterAuthority);
  const authority = scheme === -1 ? '' : beforeQuery.slice(scheme + 3, afterAuthority === -1 ? undefined : afterAuthority);
  const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '').toLowerCase();
  const query = new Map<string, string>();
  if (questionMark !== -1) {
    for (const pair of withoutHash.slice(questionMark + 1).split('&')) {
      if (!pair) continue;
      const equals = pair.indexOf('=');
      const key = decode(equals === -1 ? pair : pair.slice(0, equals));
      if (!query.has(key)) query.set(key, decode(equals === -1 ? '' : pair.slice(equals + 1)));
    }
  }
  return { host, path, query };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
