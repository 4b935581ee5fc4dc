import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The renderer's stylesheets (every .css under src-renderer/src) use no CSS nesting: a rule opened inside another plain rule is a missing
 * `}` (a merge dropped it), which the browser reads as nesting and silently applies everything
 * after it to nothing: the colour-label dots turned into blank accent pills that way.
 */
function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return cssFiles(full);
    return entry.name.endsWith('.css') ? [full] : [];
  });
}

/** Rules opened inside a plain (non-@) rule, as "line: selector", and the depth left open at the end. */
function nestingFaults(css: string): { nested: string[]; openAtEnd: number } {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
  const stack: Array<'at' | 'rule'> = [];
  const nested: string[] = [];
  let selectorStart = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '{') {
      const selector = text.slice(selectorStart, index).trim().split(/[;\n]/).filter(Boolean).at(-1)?.trim() ?? '';
      const kind = selector.startsWith('@') ? 'at' : 'rule';
      if (kind === 'rule' && stack.at(-1) === 'rule') nested.push(`${text.slice(0, index).split('\n').length}: ${selector}`);
      stack.push(kind);
      selectorStart = index + 1;
    } else if (char === '}') {
      stack.pop();
      selectorStart = index + 1;
    }
  }
  return { nested, openAtEnd: stack.length };
}

describe('stylesheets', () => {
  const root = path.resolve(import.meta.dirname, '..', 'src-renderer', 'src');
  for (const file of cssFiles(root)) {
    it(`${path.relative(root, file)} closes every rule before the next one opens`, () => {
      expect(nestingFaults(readFileSync(file, 'utf8'))).toEqual({ nested: [], openAtEnd: 0 });
    });
  }
});
