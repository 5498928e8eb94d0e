/**
 * The data a replay page carries: a JSON manifest of frames in which every typed array is a
 * reference into one gzip-compressed binary payload. Shared by the Node encoder and the page's
 * decoder, so the two cannot drift apart.
 */
import type { FigureLayout, FrameKind } from "@deepreplay/frames";
import type { DeltaOrder } from "./delta.js";

export const FORMAT_VERSION = 2;

/** Typed array constructors a frame may hold, by the name stored in a blob descriptor. */
export const ARRAY_TYPES = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
} as const;

export type ArrayTypeName = keyof typeof ARRAY_TYPES;
export type StoredArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array;

/**
 * Float arrays of more than this many values are quantised to 16 bits per value (per channel,
 * over the channel's finite extent): points, lines and per-input values, where 1/65532 of the
 * extent is far below a pixel. Shorter ones (curves over epochs, small layers) stay exact.
 */
export const QUANTISE_ABOVE = 256;

/** Largest code of a finite quantised value; the three codes above it stand for NaN, +Inf, -Inf. */
export const MAX_CODE = 65532;
export const NAN_CODE = 65533;
export const POS_INF_CODE = 65534;
export const NEG_INF_CODE = 65535;

/** Blob payloads start on this boundary, so the page views them without copying. */
export const BLOB_ALIGNMENT = 8;

interface BlobBase {
  /** Byte offset in the decompressed payload. */
  readonly offset: number;
  /** Number of values. */
  readonly length: number;
  readonly type: ArrayTypeName;
}

/** The array's own bytes, little-endian. */
export interface RawBlob extends BlobBase {
  readonly encoding: "raw";
}

/**
 * Uint16 codes, delta-coded `order` times along each channel (see delta.ts). Channel c of value i
 * is i % stride; value = min[c] + code * step[c].
 */
export interface QuantisedBlob extends BlobBase {
  readonly encoding: "q16";
  readonly stride: number;
  readonly order: DeltaOrder;
  readonly min: readonly number[];
  readonly step: readonly number[];
}

export type BlobDescriptor = RawBlob | QuantisedBlob;

/** In the manifest's frames: a typed array, or a number JSON cannot hold. */
export type BlobRef = { readonly $blob: number };
export type SpecialNumber = { readonly $number: "NaN" | "Infinity" | "-Infinity" };

/** A font face the page loads from the payload before drawing. */
export interface FontFaceRef {
  readonly family: string;
  readonly weight: "normal" | "bold";
  readonly data: BlobRef;
}

export interface ReplayManifest {
  readonly version: typeof FORMAT_VERSION;
  /** Figure title; the figure's heading reads "TITLE - Epoch N" (or "Epoch N" without one). */
  readonly title: string;
  /** Frames per second at speed 1. */
  readonly fps: number;
  /** Where each drawn panel goes (a binary probability histogram draws two). */
  readonly layout: FigureLayout;
  readonly panelTitles: readonly (string | null)[];
  /** Size of the drawn figure in CSS pixels; the page scales it to the window. */
  readonly width?: number;
  readonly height?: number;
  readonly kinds: readonly FrameKind[];
  readonly epochs: readonly number[];
  /** frames[epochIndex][panelIndex]: the frame with its arrays replaced by BlobRefs. */
  readonly frames: readonly (readonly unknown[])[];
  readonly fonts: readonly FontFaceRef[];
  readonly blobs: readonly BlobDescriptor[];
}

/** The text beside the epoch slider, written into the page and updated by its script. */
export function epochLabel(epoch: number, epochs: readonly number[]): string {
  return `Epoch ${epoch} (${epochs[0]}–${epochs[epochs.length - 1]})`;
}

/** Element ids the page reads its data from. */
export const MANIFEST_ELEMENT_ID = "deepreplay-manifest";
export const PAYLOAD_ELEMENT_ID = "deepreplay-payload";
