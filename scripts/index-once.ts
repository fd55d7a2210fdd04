// `tsx --conditions=react-server scripts/index-once.ts`: one run of the interactions indexer against
// the configured account (as `npm start` does at start), its result printed as JSON. The bench
// measures indexing in this process of its own.
import { runIndexer } from '../lib/gim/indexer';

runIndexer().then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exitCode = result.outcome === 'ok' ? 0 : 1;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
