// The Node.js versions the console runs on: 20.15 or later in the 20 line (zlib.crc32 arrived in
// 20.15), and 22 or later. Pure, so the start script's message is tested.
export const SUPPORTED_NODE = '>=20.15 <21 || >=22';

export function nodeVersionProblem(version: string): string | undefined {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if ((major === 20 && minor >= 15) || major >= 22) return undefined;
  return `This console needs Node.js 20.15 or later in the 20 line, or 22 or later (found ${version}). Install a supported Node.js and start again.`;
}
