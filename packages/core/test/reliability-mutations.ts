/**
 * Fuzzed replay files for the reliability tests: byte-level faults (bit flips, truncations, zeroed
 * or scrambled blocks) and structural ones (attributes or datasets swapped for another type or
 * shape, model descriptions a replay cannot run), each drawn from a fixed seed so that a failing
 * case can be rebuilt by its index.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import h5wasm from "h5wasm/node";
import { ndarray } from "@deepreplay/frames";
import { Hdf5Storage, Recorder } from "@deepreplay/recorder";
import { PARABOLA_MODEL } from "../../../tools/testing/parabola-model.js";

type H5Group = InstanceType<typeof h5wasm.Group>;
type H5Attribute = H5Group["attrs"][string];

/** The suite's fuzz run: the in-process test replays every case, the CLI's a sample of the same ones. */
export const FUZZ_SEED = 0x5eed7;
export const FUZZ_CASES = 500;

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

export type Replacement = { value: unknown; shape?: number[]; dtype?: string } | "drop";

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
    {
      value: Int32Array.from({ length: rows * 3 }, (_, i) => i % 7),
      shape: [rows, 3],
      dtype: "<i",
      label: `int32 [${rows}, 3]`,
    },
    {
      value: Float32Array.from({ length: Math.max(0, rows - 1) }, (_, i) => i / 10),
      shape: [Math.max(0, rows - 1)],
      dtype: "<f",
      label: `float32 [${rows - 1}]`,
    },
    { value: ["relu", "x"], shape: [2], dtype: "A4", label: "fixed strings" },
  ];
  return pick(random, choices);
}

/** Copies `from` into a new file at `to`, replacing (or dropping) the attribute or dataset at `target`. */
export async function rewrite(from: string, to: string, target: string, replacement: Replacement): Promise<void> {
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

function put(
  node: H5Group,
  name: string,
  { value, shape, dtype }: Exclude<Replacement, "drop">,
  asAttribute: boolean,
): void {
  if (asAttribute) {
    if (typeof value === "string") node.create_attribute(name, value);
    else node.create_attribute(name, value as Float64Array, shape, dtype);
  } else {
    node.create_dataset({
      name,
      data: value as Float64Array,
      ...(shape ? { shape } : {}),
      ...(dtype ? { dtype } : {}),
    });
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
      for (const [attributeName, attribute] of Object.entries(entity.attrs))
        copyAttribute(to.get(name) as unknown as H5Group, attributeName, attribute);
    }
  }
}

/** The attribute names and dataset paths of a recording group. */
async function groupMembers(path: string, group: string): Promise<{ attributes: string[]; datasets: string[] }> {
  await h5wasm.ready;
  const file = new h5wasm.File(path, "r");
  try {
    const node = file.get(group) as H5Group;
    const datasets = (node.paths() as string[])
      .map((p) => p.replace(/^\//, ""))
      .filter((p) => node.get(p) instanceof h5wasm.Dataset);
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
      text: sequential([
        dense("hidden", 2, { batch_input_shape: [null, 2] }),
        { class_name: "Lambda", config: { name: "evil", function: ["aW1wb3J0IG9z", null, null] } },
      ]),
      label: "a Lambda layer",
    },
    {
      text: sequential([
        {
          class_name: "Conv2D",
          config: { name: "conv", filters: 2, kernel_size: [3, 3], batch_input_shape: [null, 2] },
        },
        dense("output", 1),
      ]),
      label: "a Conv2D layer",
    },
    {
      text: sequential([
        { class_name: "MyCustomLayer", config: { name: "custom", batch_input_shape: [null, 2] } },
        dense("output", 1),
      ]),
      label: "a custom layer",
    },
    {
      text: sequential([dense("hidden", 3, { batch_input_shape: [null, 2] }), dense("output", 1)]),
      label: "3 hidden units for 2x2 weights",
    },
    {
      text: sequential([dense("hidden", 2, { batch_input_shape: [null, 5] }), dense("output", 1)]),
      label: "input shape 5 for 2 features",
    },
    {
      text: sequential([
        dense("hidden", 2, { batch_input_shape: [null, 2], activation: "swish_custom" }),
        dense("output", 1),
      ]),
      label: "an unknown activation",
    },
    { text: sequential([dense("hidden", 2, { batch_input_shape: [null, 2] })]), label: "one layer for two" },
  ];
  return pick(random, choices);
}

/** A byte-level fault applied to the replay file or, for a third of Python's cases, to its model file. */
function byteFault(fault: FaultClass, source: FuzzSource, random: Random, dir: string, index: number): FuzzCase {
  const hitModelFile = source.modelPath !== undefined && random() < 1 / 3;
  const original = readFileSync(hitModelFile ? source.modelPath! : source.replayPath);
  const bytes = Buffer.from(original);
  let cut = bytes.length;
  let detail: string;
  if (fault === "bit-flip") detail = flipBits(bytes, random);
  else if (fault === "truncation") {
    cut = truncationPoint(bytes.length, random);
    detail = `truncated at ${cut}`;
  } else detail = fillBlock(bytes, random, fault === "random-block");
  const path = join(dir, hitModelFile ? `case-${index}_model.h5` : `case-${index}.h5`);
  writeFileSync(path, bytes.subarray(0, cut));
  return {
    index,
    source: source.name,
    fault,
    detail: `${hitModelFile ? "model file" : "replay file"} ${detail} of ${bytes.length} bytes`,
    replayPath: hitModelFile ? source.replayPath : path,
    modelPath: hitModelFile ? path : source.modelPath,
  };
}

/** A structural fault: an attribute or dataset of the group replaced or dropped, or a model_config swapped. */
async function structuralFault(
  fault: FaultClass,
  source: FuzzSource,
  random: Random,
  dir: string,
  index: number,
): Promise<FuzzCase> {
  const replayPath = join(dir, `case-${index}.h5`);
  const modelPath = join(dir, `case-${index}_model.h5`);
  const made = (detail: string, inModelFile = false): FuzzCase => ({
    index,
    source: source.name,
    fault,
    detail,
    replayPath: inModelFile ? source.replayPath : replayPath,
    modelPath: inModelFile ? modelPath : source.modelPath,
  });
  if (fault === "model-config") {
    const { text, label } = modelConfigText(random);
    if (source.modelPath) {
      await rewrite(source.modelPath, modelPath, "@model_config", { value: text });
      return made(`model file: model_config with ${label}`, true);
    }
    await rewrite(source.replayPath, replayPath, `${source.group}/@model_config`, { value: text });
    return made(`group model_config with ${label}`);
  }
  const members = await groupMembers(source.replayPath, source.group);
  const name = pick(random, fault === "attribute-type" ? members.attributes : members.datasets);
  const target = fault === "attribute-type" ? `${source.group}/@${name}` : `${source.group}/${name}`;
  if (random() < 0.15) {
    await rewrite(source.replayPath, replayPath, target, "drop");
    return made(`dropped ${target}`);
  }
  const { label, ...replacement } = wrongValue(random, 20);
  await rewrite(source.replayPath, replayPath, target, replacement);
  return made(`${target} replaced by ${label}`);
}

/**
 * Writes `count` fuzz cases into `dir`: the fault classes in turn, the sources in turn within
 * each, every choice drawn from `seed`.
 */
export async function writeFuzzCases(
  dir: string,
  sources: readonly FuzzSource[],
  { seed, count }: { seed: number; count: number },
): Promise<FuzzCase[]> {
  const random = seededRandom(seed);
  const cases: FuzzCase[] = [];
  for (let index = 0; index < count; index++) {
    const source = sources[index % sources.length];
    const fault = FAULT_CLASSES[Math.floor(index / sources.length) % FAULT_CLASSES.length];
    const structural = fault === "attribute-type" || fault === "dataset-shape" || fault === "model-config";
    cases.push(
      structural
        ? await structuralFault(fault, source, random, dir, index)
        : byteFault(fault, source, random, dir, index),
    );
  }
  return cases;
}

/**
 * A small recording written by the Recorder (group "ours", model_config inside the group, chunked
 * datasets): 40 points of a parabola, 5 epochs of weights that drift deterministically.
 */
export async function writeRecorderSource(dir: string): Promise<FuzzSource> {
  const replayPath = join(dir, "ours.h5");
  const n = 40;
  const inputs = new Float64Array(2 * n);
  const targets = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = -1 + (2 * i) / (n - 1);
    inputs.set([x, x * x], 2 * i);
    targets[i] = x * x > 0.3 ? 1 : 0;
  }
  const weights = (epoch: number) => [
    [ndarray(Float32Array.of(1 + epoch / 10, -1, 0.5, 2), [2, 2]), ndarray(Float32Array.of(0.1, -0.2), [2])],
    [ndarray(Float32Array.of(1, -1 - epoch / 5), [2, 1]), ndarray(Float32Array.of(0.3), [1])],
  ];
  const recorder = new Recorder(new Hdf5Storage(replayPath, { modelFile: false }), "ours");
  await recorder.begin({
    inputs: ndarray(inputs, [n, 2]),
    targets: ndarray(targets, [n]),
    model: PARABOLA_MODEL,
    training: { epochs: 5, batchSize: 8 },
    initialWeights: weights(0),
  });
  for (let epoch = 1; epoch <= 5; epoch++)
    recorder.recordEpoch({ weights: weights(epoch), loss: 0.7 / epoch, metrics: { acc: 0.5 + epoch / 20 }, lr: 0.1 });
  recorder.end();
  return { name: "recorder", replayPath, group: "ours" };
}

/** Python deepreplay's recording and its Keras model file. */
export function pythonSource(fixturePath: (name: string) => string): FuzzSource {
  return {
    name: "python",
    replayPath: fixturePath("hyperparms_in_action.h5"),
    group: "part1_activation_functions",
    modelPath: fixturePath("part1_activation_functions_model.h5"),
  };
}
