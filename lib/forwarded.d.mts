export function forwardedChain(incoming: string | string[] | undefined, peer: string | undefined, trusted: number): string;
