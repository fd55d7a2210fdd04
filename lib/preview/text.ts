// Decodes the head of a blob as UTF-8 text for the preview pane, capped and JSON-aware. Pure.
export const TEXT_PREVIEW_CAP = 256 * 1024;

export type TextPreview = { text: string; truncated: boolean; json?: unknown };

/**
 * The largest index <= `end` (and <= the length) that does not split a UTF-8 sequence, so a cut
 * never leaves a replacement character behind. Bytes past `end` are treated as unseen.
 */
export function utf8SafeEnd(bytes: Uint8Array, end: number): number {
  const limit = Math.max(0, Math.min(end, bytes.length));
  // A sequence is at most 4 bytes, so its lead byte is among the 4 bytes before `limit`.
  for (let i = limit - 1; i >= Math.max(0, limit - 4); i--) {
    const byte = bytes[i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + length > limit ? i : limit;
  }
  return limit;
}

/**
 * Pass more than `cap` bytes (or the whole blob) so a cut can be told apart from a blob that is
 * exactly `cap` long. JSON is parsed only when nothing was cut, since a prefix never parses.
 */
export function previewText(bytes: Uint8Array, cap = TEXT_PREVIEW_CAP): TextPreview {
  const truncated = bytes.length > cap;
  const kept = truncated ? bytes.subarray(0, utf8SafeEnd(bytes, cap)) : bytes;
  // The decoder drops a leading BOM itself and replaces invalid bytes rather than throwing.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(kept);
  if (truncated) return { text, truncated };
  try {
    return { text, truncated, json: JSON.parse(text) };
  } catch {
    return { text, truncated };
  }
}
