import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ScriptSize {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

/** Relative module specifiers a built ES module loads statically (`import … from './x.js'`, `import './x.js'`). */
function staticImports(code: string): string[] {
  const specifiers = new Set<string>();
  for (const match of code.matchAll(/\b(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
    if (match[1]) specifiers.add(match[1]);
  }
  return [...specifiers];
}

/**
 * What a browser downloads for `entry`: the file and every chunk it imports statically, each gzipped on its own
 * (as a server would send them) at level 9.
 */
export function moduleGraphSize(entry: string): ScriptSize {
  const seen = new Set<string>();
  const queue = [entry];
  let rawBytes = 0;
  let gzipBytes = 0;
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const code = readFileSync(file);
    rawBytes += code.length;
    gzipBytes += gzipSync(code, { level: 9 }).length;
    for (const specifier of staticImports(code.toString('utf8'))) queue.push(resolve(dirname(file), specifier));
  }
  return { files: [...seen], rawBytes, gzipBytes };
}

/** A classic script: one file. */
export function scriptSize(file: string): ScriptSize {
  const code = readFileSync(file);
  return { files: [file], rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}
