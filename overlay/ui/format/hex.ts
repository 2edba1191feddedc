/** Bytes per hex dump line, as `hexdump -C` and DevTools' binary viewer lay them out. */
export const HEX_BYTES_PER_LINE = 16;

export interface HexLine {
  offset: string;
  hex: string;
  ascii: string;
}

export function hexLineCount(byteLength: number): number {
  return Math.ceil(byteLength / HEX_BYTES_PER_LINE);
}

/**
 * One line of a `hexdump -C` style dump: 8-digit hex offset, 16 bytes in two groups of 8, and printable ASCII with
 * every other byte shown as `.`. The last line is padded so that its ASCII column lines up.
 */
export function hexLine(bytes: Uint8Array, line: number): HexLine {
  const start = line * HEX_BYTES_PER_LINE;
  const end = Math.min(start + HEX_BYTES_PER_LINE, bytes.length);
  let hex = '';
  let ascii = '';
  for (let i = 0; i < HEX_BYTES_PER_LINE; i++) {
    if (i === 8) hex += ' ';
    if (start + i < end) {
      const byte = bytes[start + i] as number;
      hex += byte.toString(16).padStart(2, '0');
      ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
    } else {
      hex += '  ';
    }
    if (i < HEX_BYTES_PER_LINE - 1) hex += ' ';
  }
  return { offset: start.toString(16).padStart(8, '0'), hex, ascii };
}

/** The whole dump as text (what Copy puts on the clipboard from the Hex tab). */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let line = 0; line < hexLineCount(bytes.length); line++) {
    const { offset, hex, ascii } = hexLine(bytes, line);
    lines.push(`${offset}  ${hex}  |${ascii}|`);
  }
  return lines.join('\n');
}
