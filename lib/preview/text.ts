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

/** Deeper JSON is shown as text: parsing deep nesting alone takes tens of ms (docs/measurements.md). */
export const MAX_JSON_DEPTH = 256;

/** How deep brackets nest outside strings (a cheap scan, before anything is parsed). */
function nestingDepth(text: string): number {
  let depth = 0;
  let most = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) most = Math.max(most, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return most;
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
  if (truncated || nestingDepth(text) > MAX_JSON_DEPTH) return { text, truncated };
  try {
    return { text, truncated, json: JSON.parse(text) };
  } catch {
    return { text, truncated };
  }
}

/**
 * JSON text laid out with two-space indents, as JSON.stringify(value, null, 2) would, but from the
 * text itself and stopping at `cap` characters (undefined then): deep nesting makes indents grow with
 * the square of the depth (docs/measurements.md), so the output is counted as it is written. Pass
 * text that JSON.parse accepts.
 */
export function indentJson(text: string, cap = TEXT_PREVIEW_CAP): string | undefined {
  let out = '';
  let depth = 0;
  const newline = () => '\n' + '  '.repeat(depth);
  for (let i = 0; i < text.length; i++) {
    if (out.length > cap) return undefined;
    const c = text[i]!;
    if (c === '"') {
      // A string, escapes and all, as it stands.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '{' || c === '[') {
      let j = i + 1;
      while (/\s/.test(text[j] ?? '')) j++;
      if (text[j] === (c === '{' ? '}' : ']')) {
        out += c + text[j];
        i = j;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') {
      out += ',' + newline();
    } else if (c === ':') {
      out += ': ';
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out.length > cap ? undefined : out;
}

/** What the preview pane shows of text or JSON: JSON laid out when that fits the cap, else the text as stored. */
export function shownText(bytes: Uint8Array, cap = TEXT_PREVIEW_CAP): { text: string; truncated: boolean } {
  const preview = previewText(bytes, cap);
  const laidOut = preview.json !== undefined ? indentJson(preview.text, cap) : undefined;
  return { text: laidOut ?? preview.text, truncated: preview.truncated };
}
