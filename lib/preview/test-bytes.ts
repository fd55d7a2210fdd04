// Byte builders for the preview tests (little-endian fields, as ZIP and RIFF write them).
export { seededRandom as prng } from '../random';

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
export const le16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
export const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
export const le64 = (n: number) => [...le32(n % 0x100000000), ...le32(Math.floor(n / 0x100000000))];
export const concat = (...parts: ArrayLike<number>[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) out.set(part, (at += part.length) - part.length);
  return out;
};
