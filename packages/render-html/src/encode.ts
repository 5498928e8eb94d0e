/**
 * Node side of the page data: frames in, a manifest-ready JSON tree plus one gzip payload out.
 * Typed arrays become blobs (deduplicated, so inputs' classes or a fixed input-space grid are
 * stored once for all epochs); NaN and infinities survive JSON as `{ $number }`.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { DeepReplayError } from "@deepreplay/frames";
import {
  ARRAY_TYPES,
  BLOB_ALIGNMENT,
  QUANTISE_ABOVE,
  type ArrayTypeName,
  type BlobDescriptor,
  type BlobRef,
  type SpecialNumber,
  type StoredArray,
} from "./format.js";
import { bestDeltaOrder, deltaEncode } from "./delta.js";
import { quantise } from "./quantise.js";

/** Keys whose float arrays hold flat xy points: quantised with x and y as separate channels. */
const XY_KEYS = new Set(["points", "polygons"]);

export interface EncodedPayload {
  readonly blobs: readonly BlobDescriptor[];
  /** The gzip-compressed payload. */
  readonly gzip: Uint8Array;
  /** Size of the payload before compression. */
  readonly bytes: number;
}

export class PayloadEncoder {
  readonly #chunks: Uint8Array[] = [];
  readonly #blobs: BlobDescriptor[] = [];
  readonly #blobByHash = new Map<string, number>();
  #bytes = 0;

  /** A JSON-safe copy of `value` whose typed arrays are references to stored blobs. */
  encode(value: unknown): unknown {
    return this.#encode(value, 1);
  }

  finish(): EncodedPayload {
    const payload = new Uint8Array(this.#bytes);
    let offset = 0;
    for (const chunk of this.#chunks) {
      payload.set(chunk, offset);
      offset += chunk.byteLength;
    }
    // zlib's default level: level 9 is no smaller on these runs of near-zeros and ~20x slower.
    return { blobs: this.#blobs, gzip: gzipSync(payload), bytes: this.#bytes };
  }

  #encode(value: unknown, stride: number): unknown {
    if (typeof value === "number") return Number.isFinite(value) ? value : specialNumber(value);
    if (ArrayBuffer.isView(value)) return this.#store(value as StoredArray, stride);
    if (Array.isArray(value)) return value.map((item) => this.#encode(item, stride));
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined) out[key] = this.#encode(item, XY_KEYS.has(key) ? 2 : stride);
      }
      return out;
    }
    return value;
  }

  #store(array: StoredArray, stride: number): BlobRef {
    const type = arrayTypeName(array);
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    const hash = createHash("sha1").update(`${type}:${stride}:`).update(bytes).digest("base64");
    const known = this.#blobByHash.get(hash);
    if (known !== undefined) return { $blob: known };

    const isFloat = array instanceof Float32Array || array instanceof Float64Array;
    let descriptor: BlobDescriptor;
    let data: Uint8Array;
    if (isFloat && array.length > QUANTISE_ABOVE && array.length % stride === 0) {
      const { codes, min, step } = quantise(array, stride);
      const order = bestDeltaOrder(codes, stride);
      descriptor = { encoding: "q16", type, length: array.length, offset: this.#bytes, stride, order, min, step };
      data = new Uint8Array(deltaEncode(codes, stride, order).buffer);
    } else {
      descriptor = { encoding: "raw", type, length: array.length, offset: this.#bytes };
      data = bytes.slice();
    }
    this.#append(data);
    this.#blobs.push(descriptor);
    this.#blobByHash.set(hash, this.#blobs.length - 1);
    return { $blob: this.#blobs.length - 1 };
  }

  #append(data: Uint8Array): void {
    this.#chunks.push(data);
    this.#bytes += data.byteLength;
    const padding = (BLOB_ALIGNMENT - (this.#bytes % BLOB_ALIGNMENT)) % BLOB_ALIGNMENT;
    if (padding) {
      this.#chunks.push(new Uint8Array(padding));
      this.#bytes += padding;
    }
  }
}

function specialNumber(value: number): SpecialNumber {
  return { $number: Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity" };
}

function arrayTypeName(array: ArrayBufferView): ArrayTypeName {
  const name = array.constructor.name;
  if (name in ARRAY_TYPES) return name as ArrayTypeName;
  throw new DeepReplayError("INVALID_FRAME", `A frame holds a ${name}, which a replay page cannot carry.`, {
    hint: `Frames hold their numbers in ${Object.keys(ARRAY_TYPES).join(", ")}.`,
  });
}
