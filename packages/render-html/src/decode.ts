/**
 * Page side of the data: the manifest's frames with their blobs restored as typed arrays.
 * Uses only what every current browser (and Node) has: atob and DecompressionStream.
 */
import {
  ARRAY_TYPES,
  type BlobDescriptor,
  type ReplayManifest,
  type SpecialNumber,
  type StoredArray,
} from "./format.js";
import { deltaDecode } from "./delta.js";
import { dequantise } from "./quantise.js";

export async function gunzipBase64(base64: string): Promise<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

/** Restores frames one at a time, so only the epochs on screen are ever expanded. */
export class FrameDecoder {
  readonly #manifest: ReplayManifest;
  readonly #payload: ArrayBuffer;

  constructor(manifest: ReplayManifest, payload: ArrayBuffer) {
    this.#manifest = manifest;
    this.#payload = payload;
  }

  frame(epochIndex: number, panelIndex: number): unknown {
    return this.decode(this.#manifest.frames[epochIndex][panelIndex]);
  }

  /** A manifest value with its blob references and special numbers restored. */
  decode(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.decode(item));
    if (value === null || typeof value !== "object") return value;
    if ("$blob" in value) return this.#array(this.#manifest.blobs[value.$blob as number]);
    if ("$number" in value) return Number((value as SpecialNumber).$number);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.decode(item)]));
  }

  #array(blob: BlobDescriptor): StoredArray {
    const Type = ARRAY_TYPES[blob.type];
    if (blob.encoding === "raw") return new Type(this.#payload, blob.offset, blob.length);
    const codes = deltaDecode(new Uint16Array(this.#payload, blob.offset, blob.length), blob.stride, blob.order);
    return dequantise(codes, blob.stride, blob.min, blob.step, new Type(blob.length) as Float32Array | Float64Array);
  }
}
