// A throwaway Azurite (blob + table) for integration tests: free ports, a temp data folder, gone after.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchAzurite, type AzuriteService } from '../azurite';

export type TestAzurite = {
  blobPort: number;
  tablePort: number;
  connectionString: string;
  stop: () => Promise<void>;
  /** Sends a signal to every Azurite process (SIGSTOP freezes it, SIGCONT thaws it). */
  signal: (signal: NodeJS.Signals) => void;
};

export async function startAzurite(services: AzuriteService[] = ['blob', 'table']): Promise<TestAzurite> {
  const location = await mkdtemp(join(tmpdir(), 'azurite-test-'));
  const azurite = await launchAzurite({ services, location, output: 'ignore', readyMs: 15_000 }).catch(async (error: unknown) => {
    await rm(location, { recursive: true, force: true });
    throw error;
  });
  return {
    blobPort: azurite.blobPort,
    tablePort: azurite.tablePort,
    connectionString: azurite.connectionString,
    signal: azurite.signal,
    async stop() {
      await azurite.stop();
      await rm(location, { recursive: true, force: true });
    },
  };
}
