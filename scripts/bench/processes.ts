// The processes a bench run starts, and what it reads of them from /proc.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { timed } from './stats';

export const children: ChildProcess[] = [];

export function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}

/** Every process below `pid` (Next.js renames its server process, so it is found by ancestry). */
export function descendants(pid: number): { pid: number; cmdline: string }[] {
  const all: { pid: number; ppid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      all.push({ pid: Number(entry), ppid, cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone
    }
  }
  const out: { pid: number; cmdline: string }[] = [];
  const walk = (p: number) => all.filter((x) => x.ppid === p).forEach((x) => (out.push(x), walk(x.pid)));
  walk(pid);
  return out;
}

/** Waits (at most 15 s) until `pid` uses under 5% of a core over half a second; returns how long that took, in ms. */
export async function processIdle(pid: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    const before = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 500));
    if (cpuSeconds(pid) - before < 0.025 || performance.now() - start > 15_000) return performance.now() - start;
  }
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14 and 15) in clock ticks
}

/** CPU seconds of the console's server, Azurite's blob service and this client while `fn` runs. */
export async function cpuDuring(pids: { server: number; azurite: number }, fn: () => Promise<unknown>) {
  const before = { server: cpuSeconds(pids.server), azurite: cpuSeconds(pids.azurite), client: process.cpuUsage() };
  const msTaken = await timed(fn);
  const client = process.cpuUsage(before.client);
  return {
    ms: msTaken,
    cpu: {
      server: cpuSeconds(pids.server) - before.server,
      azurite: cpuSeconds(pids.azurite) - before.azurite,
      client: (client.user + client.system) / 1e6,
    },
  };
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Waits (at most 2 minutes) until storage answers a cheap request quickly twice in a row. */
export async function storageIdle(probe: string) {
  const until = performance.now() + 120_000;
  for (let quick = 0; quick < 2 && performance.now() < until;) {
    const took = await timed(async () => (await fetch(probe, { signal: AbortSignal.timeout(10_000) })).arrayBuffer()).catch(() => Infinity);
    quick = took < 50 ? quick + 1 : 0;
    if (quick < 2) await new Promise((r) => setTimeout(r, 250));
  }
}
