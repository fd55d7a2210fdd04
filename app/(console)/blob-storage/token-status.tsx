import type { ContainerStatus } from '@/lib/validations/token';
import { LatestTokenStatus } from './token-status-context';
import { TokenStatusView } from './token-status-view';

export { TokenStatusLoading } from './token-status-view';

/**
 * Active tokens, read live from the containers' stored access policies and rendered here; after a
 * generate or revoke on this page, the browser shows the state that action answered with instead.
 */
export async function TokenStatus({ status, canRevoke }: { status: Promise<ContainerStatus[]>; canRevoke: boolean }) {
  return (
    <LatestTokenStatus canRevoke={canRevoke}>
      <TokenStatusView status={await status} canRevoke={canRevoke} />
    </LatestTokenStatus>
  );
}
