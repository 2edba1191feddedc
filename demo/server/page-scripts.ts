import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * Serves the demo page's TypeScript modules to the browser as JavaScript, one file per module, transpiled on
 * request (types stripped, no bundling) with an inline source map so that the page's own code reads as written in
 * the browser's debugger. The page imports `./chat.js`, which maps back to `chat.ts` here.
 */
export class PageScripts {
  private readonly cache = new Map<string, { mtimeMs: number; code: string }>();

  /** @param roots folders whose `.ts` files the page may load, keyed by their URL prefix (`app` → /src/app/…). */
  constructor(private readonly roots: Record<string, string>) {}

  /** The JavaScript for a `/src/<root>/<file>.js` path, or undefined when no such page module exists. */
  async load(urlPath: string): Promise<string | undefined> {
    const match = /^\/src\/([a-z-]+)\/([a-z0-9-]+)\.js$/.exec(urlPath);
    const root = match && this.roots[match[1] ?? ''];
    if (!match || !root) return undefined;
    const file = resolve(root, `${match[2]}.ts`);
    if (!file.startsWith(root + sep)) return undefined;
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      return undefined;
    }
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached.code;
    const source = await readFile(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: true,
        inlineSourceMap: true,
        inlineSources: true,
      },
    });
    this.cache.set(file, { mtimeMs, code: outputText });
    return outputText;
  }
}
