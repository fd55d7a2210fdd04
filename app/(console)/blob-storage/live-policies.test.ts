import { describe, expect, it } from 'vitest';
import { livePolicyIdsOf } from './live-policies';

const policy = (id: string) => ({ id, expired: false });

describe('livePolicyIdsOf', () => {
  it('lists each policy id once, across containers', () => {
    expect(
      livePolicyIdsOf([
        { container: 'recordings', ok: true, policies: [policy('a'), policy('b')] },
        { container: 'gim-export', ok: true, policies: [policy('a')] },
      ]),
    ).toEqual(['a', 'b']);
  });

  it('says nothing when a container could not be read: a missing id there proves no revocation', () => {
    expect(
      livePolicyIdsOf([
        { container: 'recordings', ok: true, policies: [] },
        { container: 'gim-export', ok: false, message: 'Storage did not answer.' },
      ]),
    ).toBeUndefined();
  });
});
