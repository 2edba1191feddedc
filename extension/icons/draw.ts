/**
 * Draws the extension icons (two opposed arrows, frames in and out, on a rounded square) into
 * `extension/icons/icon-<size>.png`. The PNGs are committed; run `npx tsx extension/icons/draw.ts` after changing
 * the drawing. Shapes are signed-distance functions sampled 4×4 per pixel, so every size is anti-aliased without
 * an image library.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 128] as const;
const SUPERSAMPLING = 4;

type Rgb = readonly [number, number, number];
const BACKGROUND: Rgb = [0x1d, 0x4e, 0xd8];
const ARROW_OUT: Rgb = [0xff, 0xff, 0xff];
const ARROW_IN: Rgb = [0x86, 0xef, 0xac];

/** Distance from (x, y) to a rounded rectangle centred on (cx, cy); negative inside. */
function roundedRect(x: number, y: number, cx: number, cy: number, halfW: number, halfH: number, radius: number): number {
  const qx = Math.abs(x - cx) - halfW + radius;
  const qy = Math.abs(y - cy) - halfH + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Distance to a horizontal arrow on the line y = cy from x0 to x1, its head at x1 (pointing right when x1 > x0). */
function arrow(x: number, y: number, x0: number, x1: number, cy: number): number {
  const direction = Math.sign(x1 - x0);
  const headLength = 0.16;
  const headHalf = 0.13;
  const shaftHalf = 0.045;
  const shaftEnd = x1 - direction * headLength;
  const shaft = roundedRect(x, y, (x0 + shaftEnd) / 2, cy, Math.abs(shaftEnd - x0) / 2, shaftHalf, shaftHalf);
  // The head is a triangle: zero width at the tip, `headHalf` at its base `headLength` behind it.
  const along = (x1 - x) * direction;
  const across = Math.abs(y - cy);
  const edge = (across * headLength - along * headHalf) / Math.hypot(headLength, headHalf);
  const head = Math.max(edge, -along, along - headLength);
  return Math.min(shaft, head);
}

/** Colour and coverage of one sample in the unit square. */
function sample(x: number, y: number): { rgb: Rgb; alpha: number } {
  if (roundedRect(x, y, 0.5, 0.5, 0.5, 0.5, 0.2) > 0) return { rgb: BACKGROUND, alpha: 0 };
  if (arrow(x, y, 0.2, 0.8, 0.37) <= 0) return { rgb: ARROW_OUT, alpha: 1 };
  if (arrow(x, y, 0.8, 0.2, 0.63) <= 0) return { rgb: ARROW_IN, alpha: 1 };
  return { rgb: BACKGROUND, alpha: 1 };
}

function drawRgba(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const samples = SUPERSAMPLING * SUPERSAMPLING;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLING; sy++) {
        for (let sx = 0; sx < SUPERSAMPLING; sx++) {
          const { rgb, alpha } = sample((px + (sx + 0.5) / SUPERSAMPLING) / size, (py + (sy + 0.5) / SUPERSAMPLING) / size);
          r += rgb[0] * alpha;
          g += rgb[1] * alpha;
          b += rgb[2] * alpha;
          a += alpha;
        }
      }
      const offset = (py * size + px) * 4;
      pixels[offset] = a ? Math.round(r / a) : 0;
      pixels[offset + 1] = a ? Math.round(g / a) : 0;
      pixels[offset + 2] = a ? Math.round(b / a) : 0;
      pixels[offset + 3] = Math.round((a / samples) * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** @see https://www.w3.org/TR/png-3/#5Chunk-layout */
function chunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: truecolour with alpha
  // Each scanline starts with filter type 0 (none).
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array())]);
}

for (const size of SIZES) {
  writeFileSync(resolve(import.meta.dirname, `icon-${size}.png`), encodePng(size, drawRgba(size)));
}
