// Node's Buffer has had these fast latin1 codecs since v0.x; @types/node omits them.
// toString('latin1') and write(..., 'latin1') route through them with argument checks.
declare global {
  interface Buffer {
    latin1Slice(start?: number, end?: number): string;
    latin1Write(s: string, offset?: number, length?: number): number;
  }
}
export {};
