import { inflateSync } from "fflate";
import { DeepReplayError } from "@deepreplay/frames";

/**
 * Reads the entries of a zip archive (a `.keras` file, a PyTorch checkpoint) from bytes, refusing
 * what a hostile archive does: names that climb out of the archive's folder, sizes its headers do not
 * back, contents that do not match their CRC. Nothing is inflated beyond the size the central
 * directory declares, and that size is capped before any allocation.
 */

export interface ZipOptions {
  /** The most bytes all entries may declare together. Default 1 GiB. */
  maxTotalBytes?: number;
  /** Only these entries are inflated (default: all). */
  select?: (name: string) => boolean;
}

const defaults = { maxTotalBytes: 2 ** 30, select: () => true };

/** DEFLATE cannot expand more than about 1032:1; an entry declaring more lies about its size. */
const MAX_DEFLATE_RATIO = 1032;

const SIGNATURE = {
  local: 0x04034b50,
  central: 0x02014b50,
  end: 0x06054b50,
  end64: 0x06064b50,
  end64Locator: 0x07064b50,
} as const;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

function corrupt(fileName: string, why: string): DeepReplayError {
  return new DeepReplayError("CORRUPT_ZIP", `${fileName} is not a readable zip archive: ${why}.`, {
    hint: "The file is truncated or damaged; save or copy it again.",
  });
}

/** True when the bytes start like a zip archive. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The central directory's entries, checked against the archive's bounds. */
export function zipEntries(fileName: string, bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const inBounds = (at: number, length: number) => at >= 0 && length >= 0 && at + length <= bytes.length;
  // The end record sits in the last 22 + 65535 (comment) bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === SIGNATURE.end) {
      end = at;
      break;
    }
  }
  if (end < 0) throw corrupt(fileName, "no end of central directory (truncated?)");
  let count = u16(end + 10);
  let directory = u32(end + 16);
  const locator = end - 20;
  if (locator >= 0 && u32(locator) === SIGNATURE.end64Locator) {
    const end64 = Number(view.getBigUint64(locator + 8, true));
    if (!inBounds(end64, 56) || u32(end64) !== SIGNATURE.end64) throw corrupt(fileName, "a broken zip64 end record");
    count = Number(view.getBigUint64(end64 + 32, true));
    directory = Number(view.getBigUint64(end64 + 48, true));
  }
  const entries: ZipEntry[] = [];
  let at = directory;
  for (let i = 0; i < count; i++) {
    if (!inBounds(at, 46) || u32(at) !== SIGNATURE.central)
      throw corrupt(fileName, `central directory entry ${i} is damaged`);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    if (!inBounds(at + 46, nameLength + extraLength + commentLength))
      throw corrupt(fileName, `central directory entry ${i} is cut off`);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    let localOffset = u32(at + 42);
    // Zip64: the sizes and offset that overflow 32 bits are in the extra field, in this order.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; e += 4 + u16(e + 2)) {
      if (u16(e) !== 0x0001) continue;
      let field = e + 4;
      const next = () => {
        const value = Number(view.getBigUint64(field, true));
        field += 8;
        return value;
      };
      if (size === 0xffffffff) size = next();
      if (compressedSize === 0xffffffff) compressedSize = next();
      if (localOffset === 0xffffffff) localOffset = next();
    }
    entries.push({ name, method: u16(at + 10), crc: u32(at + 16), compressedSize, size, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuses names that leave the archive's folder: absolute, drive-lettered, or with a `..` segment. */
function checkName(fileName: string, name: string): void {
  const segments = name.split(/[\\/]/);
  if (
    name.startsWith("/") ||
    name.startsWith("\\") ||
    /^[a-zA-Z]:/.test(name) ||
    segments.includes("..") ||
    name.includes("\0")
  ) {
    throw new DeepReplayError(
      "UNSAFE_ZIP_ENTRY",
      `${fileName} holds an entry "${name}" that climbs out of its folder.`,
      {
        hint: "Refused: a checkpoint's entries stay inside the archive. Save the checkpoint again with Keras or PyTorch.",
      },
    );
  }
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/**
 * The selected entries' contents by name. Entries are inflated into buffers of their declared
 * size (never more), and each must match its declared size and CRC-32.
 */
export function readZip(fileName: string, bytes: Uint8Array, options: ZipOptions = {}): Map<string, Uint8Array> {
  const { maxTotalBytes, select } = { ...defaults, ...options };
  const entries = zipEntries(fileName, bytes);
  for (const entry of entries) checkName(fileName, entry.name);
  const selected = entries.filter((entry) => !entry.name.endsWith("/") && select(entry.name));
  let total = 0;
  for (const entry of selected) {
    total += entry.size;
    const lies =
      entry.method === 8
        ? entry.size > entry.compressedSize * MAX_DEFLATE_RATIO + 1024
        : entry.size !== entry.compressedSize;
    if (lies || total > maxTotalBytes) {
      throw new DeepReplayError(
        "ZIP_TOO_LARGE",
        `${fileName}: entry "${entry.name}" declares ${entry.size} bytes from ${entry.compressedSize} stored${lies ? ", more than its data can hold" : `, over the ${maxTotalBytes}-byte limit`}.`,
        {
          hint: "Refused before inflating (a zip bomb, or a damaged file). Save the checkpoint again.",
        },
      );
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const contents = new Map<string, Uint8Array>();
  for (const entry of selected) {
    const at = entry.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== SIGNATURE.local)
      throw corrupt(fileName, `the header of "${entry.name}" is damaged`);
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    if (start + entry.compressedSize > bytes.length) throw corrupt(fileName, `"${entry.name}" is cut off`);
    const stored = bytes.subarray(start, start + entry.compressedSize);
    let data: Uint8Array;
    if (entry.method === 0) data = stored;
    else if (entry.method === 8) {
      try {
        data = inflateSync(stored, { out: new Uint8Array(entry.size) });
      } catch (error) {
        throw corrupt(fileName, `"${entry.name}" does not inflate (${(error as Error).message})`);
      }
    } else
      throw corrupt(
        fileName,
        `"${entry.name}" uses compression method ${entry.method} (only stored and deflate are read)`,
      );
    if (data.length !== entry.size || crc32(data) !== entry.crc)
      throw corrupt(fileName, `"${entry.name}" does not match its size and CRC-32 (bit rot or tampering)`);
    contents.set(entry.name, data);
  }
  return contents;
}
