import 'server-only';
// An interaction's recordings: recording names start with its join key (`<tenant>/<key>_…`), so
// each is one prefix listing per folder that holds recordings. Those folders (and whether the
// container's root holds any) are looked up once and kept a while: with one tenant folder, as one
// account per tenant has, that is one listing per interaction.
import { mapLimit } from '../concurrency';
import { env } from '../env';
import { retention } from '../retention';
import { blobService } from '../storage/clients';
import { listPage } from '../storage/blobs';

export type RecordingRow = {
  name: string;
  size?: number;
  storedTime?: string;
  recordingType?: string;
  daysLeft?: number;
  deletesOn?: string;
};

const FOLDERS_MS = 10 * 60_000;
const globalForFolders = globalThis as unknown as { recordingFolders?: { list: string[]; until: number } };

const ROOT_PAGES = 5;

async function folders(container: string): Promise<string[]> {
  const cached = globalForFolders.recordingFolders;
  if (cached && cached.until > Date.now()) return cached.list;
  const found: string[] = [];
  let rootBlobs = false;
  let marker: string | undefined;
  for (let n = 0; n < ROOT_PAGES; n++) {
    const page = await listPage(container, { prefix: '', pageSize: 100, marker });
    found.push(...page.folders);
    rootBlobs ||= page.blobs.length > 0;
    marker = page.nextMarker;
    if (!marker) break;
  }
  // A root not read to its end may hold recordings further on: it is listed too.
  const list = rootBlobs || marker ? ['', ...found] : found;
  globalForFolders.recordingFolders = { list, until: Date.now() + FOLDERS_MS };
  return list;
}

/** The recordings of each interaction, by join key; a key not found has an empty list. */
export async function recordingsOf(guids: readonly string[]): Promise<Record<string, RecordingRow[]>> {
  const { gim, retentionDays } = env();
  const container = gim.mapping.recordingsContainer;
  const where = await folders(container);
  const pairs = guids.flatMap((guid) => where.map((folder) => ({ guid, prefix: `${folder}${guid}_` })));
  const pages = await mapLimit(pairs, 8, (p) => listPage(container, { prefix: p.prefix, pageSize: 100 }));
  const out: Record<string, RecordingRow[]> = Object.fromEntries(guids.map((g) => [g, []]));
  pairs.forEach((p, n) => {
    for (const b of pages[n]?.blobs ?? []) {
      const r = retention({ storedTime: b.tags?.StoredTime, lastModified: b.lastModified, retentionDays });
      out[p.guid]?.push({
        name: b.name,
        size: b.size,
        storedTime: b.tags?.StoredTime,
        recordingType: b.tags?.RecordingType,
        daysLeft: r?.daysLeft,
        deletesOn: r?.deletesOn,
      });
    }
  });
  return out;
}

/** Size, Content-MD5 and stored time of each named recording, for a manifest (missing ones are left out). */
export async function manifestProperties(
  names: readonly string[],
): Promise<Map<string, { size?: number; md5?: string; storedTime?: string; lastModified?: string }>> {
  const client = blobService().getContainerClient(env().gim.mapping.recordingsContainer);
  const out = new Map<string, { size?: number; md5?: string; storedTime?: string; lastModified?: string }>();
  await mapLimit(names, 16, async (name) => {
    const blob = client.getBlobClient(name);
    try {
      const [p, t] = await Promise.all([blob.getProperties(), blob.getTags()]);
      out.set(name, {
        size: p.contentLength,
        md5: p.contentMD5 ? Buffer.from(p.contentMD5).toString('base64') : undefined,
        storedTime: t.tags.StoredTime,
        lastModified: p.lastModified?.toISOString(),
      });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  });
  return out;
}
