/**
 * The subset of MessagePack the demo's binary frames use (nil, booleans, numbers, strings, byte arrays, arrays and
 * string-keyed maps), so that the chat shows real binary traffic the way msgpack-speaking apps (Ably, Socket.IO's
 * msgpack parser) produce it. Format: https://github.com/msgpack/msgpack/blob/master/spec.md
 */
export type MsgpackValue = null | boolean | number | string | Uint8Array | MsgpackValue[] | { [key: string]: MsgpackValue };

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

class ByteWriter {
  private buffer = new Uint8Array(64);
  private view = new DataView(this.buffer.buffer);
  length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(value: number): void {
    this.reserve(1);
    this.view.setUint8(this.length, value);
    this.length += 1;
  }

  u16(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, value);
    this.length += 2;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value);
    this.length += 4;
  }

  i32(value: number): void {
    this.reserve(4);
    this.view.setInt32(this.length, value);
    this.length += 4;
  }

  f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value);
    this.length += 8;
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

interface HeaderCodes {
  /** Prefix of the one-byte form, and the largest length it holds. */
  fix?: { prefix: number; max: number };
  u8?: number;
  u16: number;
  u32: number;
}

const HEADERS = {
  str: { fix: { prefix: 0xa0, max: 31 }, u8: 0xd9, u16: 0xda, u32: 0xdb },
  bin: { u8: 0xc4, u16: 0xc5, u32: 0xc6 },
  array: { fix: { prefix: 0x90, max: 15 }, u16: 0xdc, u32: 0xdd },
  map: { fix: { prefix: 0x80, max: 15 }, u16: 0xde, u32: 0xdf },
} satisfies Record<string, HeaderCodes>;

function writeHeader(writer: ByteWriter, length: number, codes: HeaderCodes): void {
  if (codes.fix && length <= codes.fix.max) writer.u8(codes.fix.prefix | length);
  else if (codes.u8 !== undefined && length < 0x100) {
    writer.u8(codes.u8);
    writer.u8(length);
  } else if (length < 0x10000) {
    writer.u8(codes.u16);
    writer.u16(length);
  } else {
    writer.u8(codes.u32);
    writer.u32(length);
  }
}

function writeNumber(writer: ByteWriter, value: number): void {
  if (Number.isInteger(value) && value >= 0 && value < 0x80) writer.u8(value);
  else if (Number.isInteger(value) && value < 0 && value >= -32) writer.u8(value & 0xff);
  else if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) {
    writer.u8(0xce);
    writer.u32(value);
  } else if (Number.isInteger(value) && value >= -0x80000000 && value < 0) {
    writer.u8(0xd2);
    writer.i32(value);
  } else {
    writer.u8(0xcb);
    writer.f64(value);
  }
}

function writeValue(writer: ByteWriter, value: MsgpackValue): void {
  if (value === null) writer.u8(0xc0);
  else if (value === false) writer.u8(0xc2);
  else if (value === true) writer.u8(0xc3);
  else if (typeof value === 'number') writeNumber(writer, value);
  else if (typeof value === 'string') {
    const encoded = textEncoder.encode(value);
    writeHeader(writer, encoded.length, HEADERS.str);
    writer.bytes(encoded);
  } else if (value instanceof Uint8Array) {
    writeHeader(writer, value.length, HEADERS.bin);
    writer.bytes(value);
  } else if (Array.isArray(value)) {
    writeHeader(writer, value.length, HEADERS.array);
    for (const item of value) writeValue(writer, item);
  } else {
    const entries = Object.entries(value);
    writeHeader(writer, entries.length, HEADERS.map);
    for (const [key, item] of entries) {
      writeValue(writer, key);
      writeValue(writer, item);
    }
  }
}

export function encodeMsgpack(value: MsgpackValue): Uint8Array {
  const writer = new ByteWriter();
  writeValue(writer, value);
  return writer.result();
}

class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.offset === this.bytes.length;
  }

  private take(count: number): number {
    if (this.offset + count > this.bytes.length) throw new RangeError('msgpack: unexpected end of data');
    const at = this.offset;
    this.offset += count;
    return at;
  }

  u8(): number {
    return this.view.getUint8(this.take(1));
  }
  u16(): number {
    return this.view.getUint16(this.take(2));
  }
  u32(): number {
    return this.view.getUint32(this.take(4));
  }
  i8(): number {
    return this.view.getInt8(this.take(1));
  }
  i16(): number {
    return this.view.getInt16(this.take(2));
  }
  i32(): number {
    return this.view.getInt32(this.take(4));
  }
  f32(): number {
    return this.view.getFloat32(this.take(4));
  }
  f64(): number {
    return this.view.getFloat64(this.take(8));
  }
  slice(count: number): Uint8Array {
    const at = this.take(count);
    return this.bytes.slice(at, at + count);
  }
}

function readString(reader: ByteReader, length: number): string {
  return textDecoder.decode(reader.slice(length));
}

function readArray(reader: ByteReader, length: number): MsgpackValue[] {
  const items: MsgpackValue[] = [];
  for (let i = 0; i < length; i++) items.push(readValue(reader));
  return items;
}

function readMap(reader: ByteReader, length: number): { [key: string]: MsgpackValue } {
  const map: { [key: string]: MsgpackValue } = {};
  for (let i = 0; i < length; i++) {
    const key = readValue(reader);
    if (typeof key !== 'string') throw new TypeError('msgpack: only string map keys are supported');
    map[key] = readValue(reader);
  }
  return map;
}

function readValue(reader: ByteReader): MsgpackValue {
  const code = reader.u8();
  if (code < 0x80) return code;
  if (code >= 0xe0) return code - 0x100;
  if (code >= 0x80 && code <= 0x8f) return readMap(reader, code & 0x0f);
  if (code >= 0x90 && code <= 0x9f) return readArray(reader, code & 0x0f);
  if (code >= 0xa0 && code <= 0xbf) return readString(reader, code & 0x1f);
  switch (code) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return reader.slice(reader.u8());
    case 0xc5:
      return reader.slice(reader.u16());
    case 0xc6:
      return reader.slice(reader.u32());
    case 0xca:
      return reader.f32();
    case 0xcb:
      return reader.f64();
    case 0xcc:
      return reader.u8();
    case 0xcd:
      return reader.u16();
    case 0xce:
      return reader.u32();
    case 0xd0:
      return reader.i8();
    case 0xd1:
      return reader.i16();
    case 0xd2:
      return reader.i32();
    case 0xd9:
      return readString(reader, reader.u8());
    case 0xda:
      return readString(reader, reader.u16());
    case 0xdb:
      return readString(reader, reader.u32());
    case 0xdc:
      return readArray(reader, reader.u16());
    case 0xdd:
      return readArray(reader, reader.u32());
    case 0xde:
      return readMap(reader, reader.u16());
    case 0xdf:
      return readMap(reader, reader.u32());
    default:
      throw new TypeError(`msgpack: unsupported type byte 0x${code.toString(16)}`);
  }
}

/** Throws on malformed or unsupported input: callers get bytes from the network and must catch. */
export function decodeMsgpack(bytes: Uint8Array): MsgpackValue {
  const reader = new ByteReader(bytes);
  const value = readValue(reader);
  if (!reader.done) throw new RangeError('msgpack: trailing bytes');
  return value;
}
