import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from './node-version';

describe('nodeVersionProblem', () => {
  it('accepts 20.15+, 22 and later; names the version it refuses', () => {
    for (const ok of ['v20.15.0', 'v20.20.2', 'v22.0.0', 'v24.1.0']) expect(nodeVersionProblem(ok), ok).toBeUndefined();
    for (const old of ['v18.20.0', 'v20.14.1', 'v21.7.3'])
      expect(nodeVersionProblem(old), old).toMatch(new RegExp(`found ${old.replace(/\./g, '\\.')}`));
  });
});
