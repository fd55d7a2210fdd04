import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Emoji need an emoji font, which many machines lack (they show an empty box): the UI draws icons as SVG.
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? sources(full) : /\.(tsx?|css)$/.test(entry) && !entry.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the UI sources', () => {
  it('hold no emoji', () => {
    const found = ['app', 'components'].flatMap((root) =>
      sources(path.join(process.cwd(), root)).flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (/\p{Emoji_Presentation}/u.test(line) ? [`${path.relative(process.cwd(), file)}:${i + 1}`] : [])),
      ),
    );
    expect(found).toEqual([]);
  });
});
