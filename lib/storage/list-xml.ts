// Reads a List Blobs or Find Blobs by Tags answer (EnumerationResults XML) into rows, pure. The schema is fixed and
// small, so a targeted reader is several times faster than the SDK's generic XML deserializer,
// which was most of the console's cost per listing page.
export type ListedBlob = { name: string; containerName?: string; size?: number; lastModified?: string; contentType?: string; tags?: Record<string, string> };
export type ListedPage = { folders: string[]; blobs: ListedBlob[]; nextMarker?: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e.toLowerCase()]!,
  );
}

function element(xml: string, tag: string): string | undefined {
  const open = xml.indexOf(`<${tag}>`);
  if (open < 0) return undefined;
  const close = xml.indexOf(`</${tag}>`, open);
  return close < 0 ? undefined : xml.slice(open + tag.length + 2, close);
}

function elements(xml: string, tag: string): string[] {
  const out: string[] = [];
  const openTag = `<${tag}>`;
  const closeTag = `</${tag}>`;
  for (let at = xml.indexOf(openTag); at >= 0; at = xml.indexOf(openTag, at)) {
    const end = xml.indexOf(closeTag, at);
    if (end < 0) break;
    out.push(xml.slice(at + openTag.length, end));
    at = end + closeTag.length;
  }
  return out;
}

function text(xml: string, tag: string): string | undefined {
  const value = element(xml, tag);
  return value === undefined ? undefined : decodeXml(value);
}

export function parseListXml(xml: string): ListedPage {
  const blobsXml = element(xml, 'Blobs') ?? '';
  const blobs = elements(blobsXml, 'Blob').map((b): ListedBlob => {
    const properties = element(b, 'Properties') ?? '';
    const length = text(properties, 'Content-Length');
    const modified = text(properties, 'Last-Modified');
    const tagSet = element(b, 'TagSet');
    const tags = tagSet === undefined ? undefined : Object.fromEntries(elements(tagSet, 'Tag').map((t) => [text(t, 'Key') ?? '', text(t, 'Value') ?? '']));
    return {
      name: text(b, 'Name') ?? '',
      // Find Blobs by Tags answers name the container; listings do not.
      ...(b.includes('<ContainerName>') ? { containerName: text(b, 'ContainerName') } : {}),
      size: length === undefined ? undefined : Number(length),
      lastModified: modified ? new Date(modified).toISOString() : undefined,
      contentType: text(properties, 'Content-Type') || undefined,
      tags,
    };
  });
  const folders = elements(blobsXml, 'BlobPrefix').map((p) => text(p, 'Name') ?? '');
  return { folders, blobs, nextMarker: text(xml, 'NextMarker') || undefined };
}

/** The error code and message of a storage error body, when it has one. */
export function parseErrorXml(xml: string): { code?: string; message?: string } {
  return { code: text(xml, 'Code'), message: text(xml, 'Message')?.split('\n')[0] };
}
