// Reads a List Blobs or Find Blobs by Tags answer (EnumerationResults XML) into rows, pure. The schema is fixed and
// small, so a targeted reader is several times faster than the SDK's generic XML deserializer,
// which was most of the console's cost per listing page.
export type ListedBlob = {
  name: string;
  containerName?: string;
  size?: number;
  lastModified?: string;
  contentType?: string;
  tags?: Record<string, string>;
};
export type ListedPage = { folders: string[]; blobs: ListedBlob[]; nextMarker?: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A reference to a code point that does not exist (past U+10FFFF, or a lone surrogate) reads as U+FFFD. */
function codePoint(value: number): string {
  return Number.isInteger(value) && value >= 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff)
    ? String.fromCodePoint(value)
    : '\ufffd';
}

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#'
      ? codePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
      : ENTITIES[e.toLowerCase()]!,
  );
}

/** The start tag `<tag>` or `<tag attr="…">` at or after `from`: where it starts, and where its content starts. */
function startTag(xml: string, tag: string, from = 0): { at: number; content: number; attributes: string } | undefined {
  for (let at = xml.indexOf(`<${tag}`, from); at >= 0; at = xml.indexOf(`<${tag}`, at + 1)) {
    const next = xml[at + tag.length + 1];
    if (next !== '>' && next !== ' ') continue; // <NameX>, not <Name>
    const end = xml.indexOf('>', at);
    if (end < 0) return undefined;
    return { at, content: end + 1, attributes: xml.slice(at + tag.length + 1, end) };
  }
  return undefined;
}

function element(xml: string, tag: string): string | undefined {
  const open = startTag(xml, tag);
  if (!open) return undefined;
  if (open.attributes.trimEnd().endsWith('/')) return ''; // <Tag />
  const close = xml.indexOf(`</${tag}>`, open.content);
  return close < 0 ? undefined : xml.slice(open.content, close);
}

/**
 * A blob or folder name. Azure writes a name holding characters XML cannot carry as
 * `<Name Encoded="true">` with the name percent-encoded (the SDK decodes it the same way).
 */
function nameOf(xml: string): string {
  const open = startTag(xml, 'Name');
  const raw = text(xml, 'Name') ?? '';
  if (!open || !/\bEncoded\s*=\s*"true"/i.test(open.attributes)) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function elements(xml: string, tag: string): string[] {
  const out: string[] = [];
  const closeTag = `</${tag}>`;
  for (let open = startTag(xml, tag); open; open = startTag(xml, tag, open.content)) {
    const end = xml.indexOf(closeTag, open.content);
    if (end < 0) break;
    out.push(xml.slice(open.content, end));
    open = { ...open, content: end + closeTag.length };
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
    const tags =
      tagSet === undefined
        ? undefined
        : Object.fromEntries(elements(tagSet, 'Tag').map((t) => [text(t, 'Key') ?? '', text(t, 'Value') ?? '']));
    return {
      name: nameOf(b),
      // Find Blobs by Tags answers name the container; listings do not.
      ...(b.includes('<ContainerName>') ? { containerName: text(b, 'ContainerName') } : {}),
      size: length === undefined ? undefined : Number(length),
      lastModified: modified ? new Date(modified).toISOString() : undefined,
      contentType: text(properties, 'Content-Type') || undefined,
      tags,
    };
  });
  const folders = elements(blobsXml, 'BlobPrefix').map(nameOf);
  return { folders, blobs, nextMarker: text(xml, 'NextMarker') || undefined };
}

/** A Get Blob Tags answer: `<Tags><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tags>`. */
export function parseTagsXml(xml: string): Record<string, string> {
  return Object.fromEntries(elements(element(xml, 'TagSet') ?? '', 'Tag').map((t) => [text(t, 'Key') ?? '', text(t, 'Value') ?? '']));
}

/** The error code and message of a storage error body, when it has one. */
export function parseErrorXml(xml: string): { code?: string; message?: string } {
  return { code: text(xml, 'Code'), message: text(xml, 'Message')?.split('\n')[0] };
}
