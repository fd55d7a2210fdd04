import 'server-only';
// Work that waits until the answer is sent (an audit record a search need not wait for): Next.js's
// after() inside Next, the direct lane's own list outside it.
import { after } from 'next/server';
import { inDirectLane } from './api/direct-context';

export function afterAnswer(task: () => unknown): void {
  const direct = inDirectLane();
  if (direct) direct.afterAnswer(task);
  else after(task);
}
