import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

const GRID = 5;
const CELL = 8;
const SIZE = GRID * CELL;

/** A PNG chunk: length, type, data, CRC over type and data (https://www.w3.org/TR/png-3/#5Chunk-layout). */
function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A GitHub-style identicon (a mirrored 5×5 grid in a colour taken from the name's hash), as a 40×40 RGB PNG of a
 * few hundred bytes: the chat sends it as a binary frame so that binary payloads show in the DevTools.
 */
export function identiconPng(name: string): Uint8Array {
  const hash = createHash('sha256').update(name).digest();
  const colour = [hash[0] ?? 0, hash[1] ?? 0, hash[2] ?? 0].map((channel) => 64 + (channel % 160));
  const background = [240, 240, 244];
  const filled = (column: number, row: number): boolean => {
    const mirrored = column < 3 ? column : GRID - 1 - column;
    return ((hash[3 + row * 3 + mirrored] ?? 0) & 1) === 1;
  };

  const rowBytes = 1 + SIZE * 3;
  const pixels = Buffer.alloc(rowBytes * SIZE);
  for (let y = 0; y < SIZE; y++) {
    // Filter type 0 (None) for every scanline.
    pixels[y * rowBytes] = 0;
    for (let x = 0; x < SIZE; x++) {
      const rgb = filled(Math.floor(x / CELL), Math.floor(y / CELL)) ? colour : background;
      pixels.set(rgb, y * rowBytes + 1 + x * 3);
    }
  }

  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
