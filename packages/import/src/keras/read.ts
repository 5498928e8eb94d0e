import { DeepReplayError, isDeepReplayError, type ModelDescription, type NdArray } from "@deepreplay/frames";
import {
  kerasLayers,
  lossFromLogits,
  parseTrainingConfig,
  type KerasJson,
  type KerasLayerInfo,
} from "@deepreplay/recorder/keras";
import { isHdf5, stringAttribute, withHdf5, type H5Group } from "../hdf5.js";
import { expectedWeightShapes } from "../shapes.js";
import type { NamedBytes } from "../types.js";
import { isZip, readZip } from "../zip.js";
import { kerasWeights } from "./weights.js";

/** A Keras model's architecture as read from a `.keras`, an `.h5` or a `model.to_json()` file. */
export interface KerasArchitecture {
  /** The file it was read from. */
  readonly source: string;
  readonly inputShape: number[];
  /** The layers of Keras' `model.layers`, with their classes (which name their weights). */
  readonly layers: KerasLayerInfo[];
  /** Loss, metrics and optimizer, when the file holds how the model was compiled. */
  readonly training?: Pick<ModelDescription, "loss" | "metrics" | "optimizer">;
  /** The compiled loss was made with `from_logits=True`. */
  readonly fromLogits: boolean;
}

export interface KerasCheckpoint {
  readonly architecture: KerasArchitecture;
  /** Per layer of `architecture.layers`, its weight arrays in Keras order. */
  readonly weights: NdArray[][];
}

/** The file formats a Keras model comes in, told apart by their first bytes, not their names. */
export type KerasFormat = "keras" | "hdf5" | "json";

export function kerasFormat(file: NamedBytes): KerasFormat | undefined {
  if (isZip(file.bytes)) return "keras";
  if (isHdf5(file.bytes)) return "hdf5";
  const first = file.bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  return first === 0x7b ? "json" : undefined;
}

function notKeras(file: NamedBytes): DeepReplayError {
  return new DeepReplayError(
    "NOT_A_KERAS_FILE",
    `${file.name} is neither a .keras zip, an HDF5 file nor a model.to_json() file.`,
    {
      hint: "Pass checkpoints saved by Keras (model.save, ModelCheckpoint, save_weights) and, for weights-only ones, --model naming the architecture.",
    },
  );
}

/** Errors of the shared normaliser, with the file they came from. */
function inFile<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!isDeepReplayError(error) || error.message.startsWith(file)) throw error;
    throw new DeepReplayError(error.code, `${file}: ${error.message}`, { hint: error.hint, cause: error });
  }
}

function architecture(
  source: string,
  modelConfig: KerasJson,
  trainingConfig: KerasJson | undefined,
): KerasArchitecture {
  return inFile(source, () => {
    const { inputShape, layers } = kerasLayers(modelConfig);
    const training = trainingConfig === undefined ? undefined : parseTrainingConfig(trainingConfig);
    return {
      source,
      inputShape,
      layers,
      ...(training ? { training } : {}),
      fromLogits: trainingConfig !== undefined && lossFromLogits(trainingConfig),
    };
  });
}

function json(file: string, bytes: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new DeepReplayError("CORRUPT_CHECKPOINT", `${file}: ${what} is not valid JSON.`, {
      hint: "The file is damaged; save it again.",
      cause: error,
    });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new DeepReplayError("CORRUPT_CHECKPOINT", `${file}: ${what} is not a JSON object.`, {
      hint: "Pass a file written by Keras.",
    });
  }
  return value as Record<string, unknown>;
}

/** config.json of a .keras zip, or a `model.to_json()` file: the model, with its compile_config when there is one. */
function configArchitecture(source: string, config: Record<string, unknown>): KerasArchitecture {
  const compile = config.compile_config;
  return architecture(
    source,
    config,
    compile !== null && typeof compile === "object" ? (compile as Record<string, unknown>) : undefined,
  );
}

function hdf5Architecture(source: string, root: H5Group): KerasArchitecture | undefined {
  const modelConfig = stringAttribute(root, "model_config");
  return modelConfig === undefined
    ? undefined
    : architecture(source, modelConfig, stringAttribute(root, "training_config"));
}

function kerasZip(file: NamedBytes): { config: Record<string, unknown>; weights: Uint8Array } {
  const entries = readZip(file.name, file.bytes, {
    select: (name) => name === "config.json" || name === "model.weights.h5",
  });
  const config = entries.get("config.json");
  const weights = entries.get("model.weights.h5");
  if (!config || !weights) {
    throw new DeepReplayError(
      "CORRUPT_CHECKPOINT",
      `${file.name} is a zip without ${config ? "model.weights.h5" : "config.json"}: not a .keras model.`,
      {
        hint: "Pass a file saved by Keras' model.save('….keras') or ModelCheckpoint.",
      },
    );
  }
  return { config: json(file.name, config, "config.json"), weights };
}

/** The architecture a `.keras`, `.h5` or `model.to_json()` file describes (for --model and inspect). */
export async function readKerasArchitecture(file: NamedBytes): Promise<KerasArchitecture> {
  switch (kerasFormat(file)) {
    case "keras":
      return configArchitecture(file.name, kerasZip(file).config);
    case "json":
      return configArchitecture(file.name, json(file.name, file.bytes, "the model JSON"));
    case "hdf5": {
      const found = await withHdf5(file.name, file.bytes, (root) => hdf5Architecture(file.name, root));
      if (found) return found;
      throw new DeepReplayError("NO_ARCHITECTURE", `${file.name} holds weights only (no model_config).`, {
        hint: "Name the architecture with --model: a .keras or .h5 saved by model.save, or a model.to_json() file.",
      });
    }
    default:
      throw notKeras(file);
  }
}

/** Same layers, shapes and names: two architectures whose checkpoints form one run. */
export function sameArchitecture(a: KerasArchitecture, b: KerasArchitecture): boolean {
  const key = (arch: KerasArchitecture) => JSON.stringify([arch.inputShape, arch.layers.map((layer) => layer.spec)]);
  return key(a) === key(b);
}

function weightsFor(file: NamedBytes, root: H5Group, arch: KerasArchitecture): NdArray[][] {
  const layers = arch.layers;
  const shapes = expectedWeightShapes(
    arch.inputShape,
    layers.map((layer) => layer.spec),
  );
  return kerasWeights(root, { fileName: file.name, layers, shapes });
}

/**
 * One checkpoint's weights, with the architecture it holds or, for a weights-only file, the one
 * given. A checkpoint holding an architecture other than the one given is refused.
 */
export async function readKerasCheckpoint(file: NamedBytes, given?: KerasArchitecture): Promise<KerasCheckpoint> {
  const resolve = (own: KerasArchitecture | undefined): KerasArchitecture => {
    if (own && given && !sameArchitecture(own, given)) {
      throw new DeepReplayError("MIXED_ARCHITECTURES", `${file.name} holds a model other than ${given.source}'s.`, {
        hint: "Pass the checkpoints of one model, and --model naming that same model.",
      });
    }
    const arch = own ?? given;
    if (!arch) {
      throw new DeepReplayError("NO_ARCHITECTURE", `${file.name} holds weights only (no model_config).`, {
        hint: "Name the architecture with --model: a .keras or .h5 saved by model.save, or a model.to_json() file.",
      });
    }
    return arch;
  };
  switch (kerasFormat(file)) {
    case "keras": {
      const { config, weights } = kerasZip(file);
      const arch = resolve(configArchitecture(file.name, config));
      return {
        architecture: arch,
        weights: await withHdf5(file.name, weights, (root) => weightsFor(file, root, arch)),
      };
    }
    case "hdf5":
      return withHdf5(file.name, file.bytes, (root) => {
        const arch = resolve(hdf5Architecture(file.name, root));
        return { architecture: arch, weights: weightsFor(file, root, arch) };
      });
    default:
      throw notKeras(file);
  }
}
