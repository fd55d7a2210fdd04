import { expect, it } from 'vitest';
import { formatBytes, formatInstant } from './format';

it('formats sizes and instants', () => {
  expect(formatBytes(0)).toBe('0 B');
  expect(formatBytes(1023)).toBe('1023 B');
  expect(formatBytes(1536)).toBe('1.5 KB');
  expect(formatBytes(25216)).toBe('24.6 KB');
  expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
  expect(formatBytes(undefined)).toBe('—');
  expect(formatInstant('2026-11-30T18:24:33.000Z')).toBe('2026-11-30 18:24 UTC');
  expect(formatInstant('nope')).toBe('—');
});
