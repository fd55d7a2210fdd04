// Pinning the zip figures' processes to CPUs (taskset), for the own-core layout.
import { execFileSync } from 'node:child_process';

/**
 * Where the zip figures run. 'shared': storage, the console and this client share the cores they were
 * given. 'own-core': the console's server on one CPU, storage and this client on another, in the zip
 * and the raw runs alike. A deployed console runs on its own host, away from both storage and the
 * browser; on a shared 2-core machine a relay's copying takes CPU from storage and the client, so
 * 'shared' measures that contention more than the console's cost. Where pinning is unavailable (no
 * taskset, fewer than 2 CPUs allowed), only 'shared' is measured.
 */
export type Layout = 'shared' | 'own-core';
export type Pids = { server: number; storage: number; client: number };

/** The CPUs a process may run on, as taskset lists them ("0-3", "0,2"). */
export function cpuList(pid: number): string {
  return /:\s*(\S+)\s*$/.exec(execFileSync('taskset', ['--cpu-list', '-p', String(pid)], { encoding: 'utf8' }))![1]!;
}

/** Each process's CPU list as it was (restored by `shared`), and the two CPUs `own-core` uses. */
export function cpuPlan(pids: Pids): { original: Record<keyof Pids, string>; storageCpu: string; serverCpu: string } | undefined {
  try {
    const list = cpuList;
    const original = { server: list(pids.server), storage: list(pids.storage), client: list(pids.client) };
    const allowed = original.client.split(',').flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to! - from! + 1 }, (_, i) => String(from! + i));
    });
    if (process.env.BENCH_SWAP) allowed.reverse();
    return allowed.length >= 2 ? { original, storageCpu: allowed[0]!, serverCpu: allowed[1]! } : undefined;
  } catch {
    return undefined;
  }
}

export function pinLayout(layout: Layout, pids: Pids, plan: NonNullable<ReturnType<typeof cpuPlan>>): boolean {
  const lists = layout === 'own-core' ? { server: plan.serverCpu, storage: plan.storageCpu, client: plan.storageCpu } : plan.original;
  try {
    for (const key of ['server', 'storage', 'client'] as const) {
      execFileSync('taskset', ['--all-tasks', '--cpu-list', '-p', lists[key], String(pids[key])], { stdio: 'ignore' });
    }
    return true;
  } catch {
    return false;
  }
}
