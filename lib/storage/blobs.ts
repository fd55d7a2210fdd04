import 'server-only';
// Reading blobs: listings and lookups the console shows.
import { blobService } from './clients';

/** The first blob in a container (for a ready-to-run example), or undefined when empty or unreadable. */
export async function firstBlobName(container: string): Promise<string | undefined> {
  try {
    const page = await blobService().getContainerClient(container).listBlobsFlat().byPage({ maxPageSize: 1 }).next();
    return page.done ? undefined : page.value.segment.blobItems[0]?.name;
  } catch {
    return undefined;
  }
}
