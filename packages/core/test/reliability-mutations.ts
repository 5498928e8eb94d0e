/**
 * Fuzzed replay files for the reliability tests: byte-level faults (bit flips, truncations, zeroed
 * or scrambled blocks) and structural ones (attributes or datasets swapped for another type or
 * shape, model descriptions a replay cannot run), each drawn from a fixed seed so that a failing
 * case can be rebuilt by its index.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import h5wasm from "h5wasm/node";

type H5Group = InstanceType<typeof h5wasm.Group>;
type H5Attribute = H5Group["attrs"][string];

export const FAULT_CLASSES = [
  "bit-flip",
  "truncation",
  "zeroed-block",
  "random-block",
  "attribute-type",
  "dataset-shape",
  "model-config",
] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];

/** A replay file to mutate, with the Keras model file it reads its architecture from (Python's) or none (ours). */
export interface FuzzSource {
  name: string;
  replayPath: string;
  /** Group holding the recording. */
  group: string;
  /** Python's separate Keras model file; undefined when the group holds model_config itself. */
  modelPath?: string;
}

export interface FuzzCase {
  index: number;
  source: string;
  fault: FaultClass;
  /** What was done, e.g. "truncated at 1234 of 56116 bytes". */
  detail: string;
  replayPath: string;
  /** The model file to read (mutated or the source's own). */
  modelPath?: string;
}

/** xorshift32: a tiny seeded generator; same seed, same cases on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

type Random = () => number;
const integer = (random: Random, below: number): number => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[integer(random, items.length)];

// ---- byte-level faults ----

function flipBits(bytes: Buffer, random: Random): string {
  const flips = 1 + integer(random, 8);
  const offsets: number[] = [];
  for (let i = 0; i < flips; i++) {
    const offset = integer(random, bytes.length);
    bytes[offset] ^= 1 << integer(random, 8);
    offsets.push(offset);
  }
  return `flipped ${flips} bit(s) at ${offsets.join(", ")}`;
}

function fillBlock(bytes: Buffer, random: Random, scramble: boolean): string {
  const length = 1 + integer(random, pick(random, [16, 256, 4096]));
  const offset = integer(random, bytes.length);
  const end = Math.min(bytes.length, offset + length);
  for (let i = offset; i < end; i++) bytes[i] = scramble ? integer(random, 256) : 0;
  return `${scramble ? "scrambled" : "zeroed"} bytes ${offset}..${end}`;
}

/** A truncation point: anywhere, with extra weight on the metadata at the start of the file. */
function truncationPoint(size: number, random: Random): number {
  return random() < 0.3 ? integer(random, Math.min(size, 4096)) : integer(random, size);
}

// ---- structural faults, written through h5wasm ----

type Replacement = { value: unknown; shape?: number[]; dtype?: string } | "drop";

/** Values an attribute or dataset may wrongly hold instead of its own. */
function wrongValue(random: Random, rows: number): { value: unknown; shape?: number[]; dtype?: string; label: string } {
  const choices = [
    { value: "twenty", label: "a string" },
    { value: Float64Array.of(1.5), shape: [], dtype: "<d", label: "the float 1.5" },
    { value: Float64Array.of(NaN), shape: [], dtype: "<d", label: "NaN" },
    { value: BigInt64Array.of(-3n), shape: [], dtype: "<q", label: "-3" },
    { value: BigInt64Array.of(0n), shape: [], dtype: "<q", label: "0" },
    { value: BigInt64Array.of(1n << 40n), shape: [], dtype: "<q", label: "2^40" },
    { value: BigInt64Array.of(3n, 4n), shape: [2], dtype: "<q", label: "the int array [3, 4]" },
    { value: Int32Array.from({ length: rows * 3 }, (_, i) => i % 7), shape: [rows, 3], dtype: "<i", label: `int32 [${rows}, 3]` },
    { value: Float32Array.from({ length: Math.max(0, rows - 1) }, (_, i) => i / 10), shape: [Math.max(0, rows - 1)], dtype: "<f", label: `float32 [${rows - 1}]` },
    { value: ["relu", "x"], shape: [2], dtype: "A4", label: "fixed strings" },
  ];
  return pick(random, choices);
}

/** Copies `from` into a new file at `to`, replacing (or dropping) the attribute or dataset at `target`. */
async function rewrite(from: string, to: string, target: string, replacement: Replacement): Promise<void> {
  await h5wasm.ready;
  const source = new h5wasm.File(from, "r");
  const destination = new h5wasm.File(to, "w");
  try {
    copyGroup(source, destination, "", target, replacement);
  } finally {
    source.close();
    destination.close();
  }
}

function copyAttribute(node: H5Group, name: string, attribute: H5Attribute): void {
  const { type, vlen, size } = attribute.metadata;
  const value = attribute.value;
  if (type === 3 && vlen) node.create_attribute(name, value as string);
  else if (type === 3) node.create_attribute(name, value as string[], attribute.shape ?? [], `A${size}`);
  else node.create_attribute(name, value as Float64Array, attribute.shape ?? [], attribute.dtype as string);
}

function put(node: H5Group, name: string, { value, shape, dtype }: Exclude<Replacement, "drop">, asAttribute: boolean): void {
  if (asAttribute) {
    if (typeof value === "string") node.create_attribute(name, value);
    else node.create_attribute(name, value as Float64Array, shape, dtype);
  } else {
    node.create_dataset({ name, data: value as Float64Array, ...(shape ? { shape } : {}), ...(dtype ? { dtype } : {}) });
  }
}

function copyGroup(from: H5Group, to: H5Group, prefix: string, target: string, replacement: Replacement): void {
  for (const [name, attribute] of Object.entries(from.attrs)) {
    const path = `${prefix}@${name}`;
    if (path !== target) copyAttribute(to, name, attribute);
    else if (replacement !== "drop") put(to, name, replacement, true);
  }
  for (const name of from.keys()) {
    const entity = from.get(name);
    const path = `${prefix}${name}`;
    if (path === target) {
      if (replacement !== "drop") put(to, name, replacement, false);
    } else if (entity instanceof h5wasm.Group) {
      copyGroup(entity, to.create_group(name), `${path}/`, target, replacement);
    } else if (entity instanceof h5wasm.Dataset) {
      const { value, shape, dtype } = entity;
      to.create_dataset({ name, data: value as Float64Array, shape: shape ?? [], dtype: dtype as string });
      for (const [attributeName, attribute] of Object.entries(entity.attrs)) copyAttribute(to.get(name) as unknown as H5Group, attributeName, attribute);
    }
  }
}

/** The attribute names and dataset paths of a recording group. */
async function groupMembers(path: string, group: string): Promise<{ attributes: string[]; datasets: string[] }> {
  await h5wasm.ready;
  const file = new h5wasm.File(path, "r");
  try {
    const node = file.get(group) as H5Group;
    const datasets = (node.paths() as string[]).map((p) => p.replace(/^\//, "")).filter((p) => node.get(p) instanceof h5wasm.Dataset);
    return { attributes: Object.keys(node.attrs), datasets };
  } finally {
    file.close();
  }
}

/** Keras model_config texts a replay must refuse (or, for the harmless ones, run). */
function modelConfigText(random: Random): { text: string; label: string } {
  const dense = (name: string, units: number, extra: Record<string, unknown> = {}) => ({
    class_name: "Dense",
    config: { name, units, activation: "sigmoid", use_bias: true, ...extra },
  });
  const sequential = (layers: unknown[]) => JSON.stringify({ class_name: "Sequential", config: { name: "m", layers } });
  const choices = [
    { text: "{not json", label: "invalid JSON" },
    { text: "[]", label: "a JSON array" },
    { text: JSON.stringify({ class_name: "Sequential", config: { layers: "x" } }), label: "layers not a list" },
    {
      text: sequential([dense("hidden", 2, { batch_input_shape: [null, 2] }), { class_name: "Lambda", config: { name: "evil", function: ["aW1wb3J0IG9z", null, null] } }]),
      label: "a Lambda layer",
    },
    {
      text: sequential([{ class_name: "Conv2D", config: { name: "conv", filters: 2, kernel_size: [3, 3], batch_input_shape: [null, 2] } }, dense("output", 1)]),
      label: "a Conv2D layer",
    },
    { text: sequential([{ class_name: "MyCustomLayer", config: { name: "custom", batch_input_shape: [null, 2] } }, dense("output", 1)]), label: "a custom layer" },
    { text: sequential([dense("hidden", 3, { batch_input_shape: [null, 2] }), dense("output", 1)]), label: "3 hidden units for 2x2 weights" },
    { text: sequential([dense("hidden", 2, { batch_input_shape: [null, 5] }), dense("output", 1)]), label: "input shape 5 for 2 features" },
    { text: sequential([dense("hidden", 2, { batch_input_shape: [null, 2], activation: "swish_custom" }), dense("output", 1)]), label: "an unknown activation" },
    { text: sequential([dense("hidden", 2, { batch_input_shape: [null, 2] })]), label: "one layer for two" },
  ];
  return pick(random, choices);
}

/**
 * Writes `count` fuzz cases into `dir`, cycling through the fault classes and the sources, each
 * case's fault drawn from the seed.
 */
export async function writeFuzzCases(dir: string, sources: readonly FuzzSource[], { seed, count }: { seed: number; count: number }): Promise<FuzzCase[]> {
  const random = seededRandom(seed);
  const originals = new Map(sources.map((source) => [source.name, readFileSync(source.replayPath)]));
  const cases: FuzzCase[] = [];
  for (let index = 0; index < count; index++) {
    const source = sources[index % sources.length];
    const fault = FAULT_CLASSES[Math.floor(index / sources.length) % FAULT_CLASSES.length];
    const replayPath = join(dir, `case-${index}.h5`);
    // Python's model file is the target of a third of its byte-level faults.
    const hitModelFile = source.modelPath !== undefined && fault !== "attribute-type" && fault !== "dataset-shape" && random() < 1 / 3;
    const victim = hitModelFile ? source.modelPath! : source.replayPath;
    const mutatedPath = hitModelFile ? join(dir, `case-${index}_model.h5`) : replayPath;
    let detail: string;
    if (fault === "attribute-type" || fault === "dataset-shape" || fault === "model-config") {
      detail = await structuralFault(fault, source, random, replayPath, join(dir, `case-${index}_model.h5`));
      const modelMutated = detail.startsWith("model file");
      cases.push({ index, source: source.name, fault, detail, replayPath: modelMutated ? source.replayPath : replayPath, modelPath: modelMutated ? join(dir, `case-${index}_model.h5`) : source.modelPath });
      continue;
    }
    const bytes = Buffer.from(hitModelFile ? readFileSync(victim) : originals.get(source.name)!);
    if (fault === "bit-flip") detail = flipBits(bytes, random);
    else if (fault === "zeroed-block" || fault === "random-block") detail = fillBlock(bytes, random, fault === "random-block");
    else detail = `truncated at ${truncationPoint(bytes.length, random)}`;
    const cut = fault === "truncation" ? Number(detail.split(" ").pop()) : bytes.length;
    writeFileSync(mutatedPath, bytes.subarray(0, cut));
    detail = `${hitModelFile ? "model file" : "replay file"} ${detail} of ${bytes.length} bytes`;
    cases.push({
      index,
      source: source.name,
      fault,
      detail,
      replayPath: hitModelFile ? source.replayPath : replayPath,
      modelPath: hitModelFile ? mutatedPath : source.modelPath,
    });
  }
  return cases;
}

async function structuralFault(fault: FaultClass, source: FuzzSource, random: Random, replayPath: string, modelPath: string): Promise<string> {
  const group = source.group;
  if (fault === "model-config") {
    const { text, label } = modelConfigText(random);
    if (source.modelPath) {
      await rewrite(source.modelPath, modelPath, "@model_config", { value: text });
      return `model file: model_config with ${label}`;
    }
    await rewrite(source.replayPath, replayPath, `${group}/@model_config`, { value: text });
    return `group model_config with ${label}`;
  }
  const members = await groupMembers(source.replayPath, group);
  const names = fault === "attribute-type" ? members.attributes : members.datasets;
  const name = pick(random, names);
  const target = fault === "attribute-type" ? `${group}/@${name}` : `${group}/${name}`;
  if (random() < 0.15) {
    await rewrite(source.replayPath, replayPath, target, "drop");
    return `dropped ${target}`;
  }
  const { label, ...replacement } = wrongValue(random, 20);
  await rewrite(source.replayPath, replayPath, target, replacement);
  return `${target} replaced by ${label}`;
}

/** The source files themselves, copied into `dir`, for a control case that must replay. */
export function copySource(source: FuzzSource, dir: string): FuzzSource {
  const replayPath = join(dir, `${source.name}.h5`);
  copyFileSync(source.replayPath, replayPath);
  return { ...source, replayPath };
}
