import { afterEach, describe, expect, it, vi } from 'vitest';
import { logLine } from './log';

describe('logLine', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps a username holding a newline inside one line, as a value', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line: string) => void lines.push(line));
    logLine('warn', 'sign-in', 'sign-in refused', { user: 'eve\n{"level":"info","msg":"admin signed in"}' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', topic: 'sign-in', user: 'eve\n{"level":"info","msg":"admin signed in"}' });
  });
});
