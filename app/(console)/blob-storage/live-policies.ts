import type { ContainerStatus } from '@/lib/validations/token';

/** The policy ids that exist now in any container, or undefined when a container could not be read (nothing can be said). */
export function livePolicyIdsOf(status: ContainerStatus[]): string[] | undefined {
  if (!status.every((s) => s.ok)) return undefined;
  return [...new Set(status.flatMap((s) => (s.ok ? s.policies.map((p) => p.id) : [])))];
}
