// The printed form of a TFS UUID (`%02x` ×4-2-2-2-6, as dump and mkfs print it) and its parser.

export function formatUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** 32 hex digits, dashes anywhere; undefined if that is not what `text` is. */
export function parseUuid(text: string): Uint8Array | undefined {
  const hex = text.replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
