import h5wasm from "h5wasm";
import { zipSync } from "fflate";
import { seededUniform } from "../../../../tools/testing/random.js";

/**
 * Hand-made Keras files, following the layouts Keras documents in its source (no Keras here):
 * saving_lib.py's `.keras` zip (config.json + model.weights.h5 with `layers/<class-based name>/vars/<i>`)
 * and legacy_h5_format.py's `.h5` (root model_config/training_config, `model_weights` with
 * `layer_names`, each layer group with `weight_names`).
 */

export interface HandWeight {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface HandLayer {
  className: string;
  config: Record<string, unknown>;
  weights: HandWeight[];
}

type Group = InstanceType<typeof h5wasm.Group>;

const dtypePolicy = { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null };

let serial = 0;

async function h5Bytes(write: (file: InstanceType<typeof h5wasm.File>) => void): Promise<Uint8Array> {
  const { FS } = (await h5wasm.ready) as unknown as {
    FS: { readFile(path: string): Uint8Array; unlink(path: string): void };
  };
  const path = `/hand-made-${++serial}.h5`;
  const file = new h5wasm.File(path, "w");
  try {
    write(file);
  } finally {
    file.close();
  }
  const bytes = FS.readFile(path);
  FS.unlink(path);
  return bytes;
}

function stringsAttribute(node: Group, name: string, values: string[]): void {
  const width = Math.max(1, ...values.map((v) => new TextEncoder().encode(v).length));
  node.create_attribute(name, values, [values.length], `S${width}` as never);
}

function dataset(node: Group, name: string, { shape, data }: HandWeight): void {
  node.create_dataset({ name, data, shape, dtype: "<f" });
}

/** Seeded weights of the given shapes (variances kept positive: the last two of a BatchNormalization). */
export function randomWeights(seed: number, shapes: Record<string, number[]>): HandWeight[] {
  const random = seededUniform(seed);
  return Object.entries(shapes).map(([name, shape]) => {
    const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () =>
      name === "moving_variance" ? 0.5 + random() : random() * 2 - 1,
    );
    return { name, shape, data };
  });
}

/** A layer config in Keras 3's form (module, registered_name, DTypePolicy objects, build_config). */
export function keras3Layer(
  className: string,
  config: Record<string, unknown>,
  weights: HandWeight[] = [],
  inbound?: string,
): HandLayer & { keras3: Record<string, unknown> } {
  const keras3: Record<string, unknown> = {
    module: "keras.layers",
    class_name: className,
    config: { trainable: true, dtype: dtypePolicy, ...config },
    registered_name: null,
    ...(className === "InputLayer" ? {} : { build_config: { input_shape: [null, 2] } }),
    ...(inbound === undefined
      ? {}
      : {
          name: config.name,
          inbound_nodes:
            inbound === ""
              ? []
              : [
                  {
                    args: [
                      {
                        class_name: "__keras_tensor__",
                        config: { shape: [null, 2], dtype: "float32", keras_history: [inbound, 0, 0] },
                      },
                    ],
                    kwargs: {},
                  },
                ],
        }),
  };
  return { className, config, weights, keras3 };
}

/** Keras 3's config.json / model.to_json() of a Sequential or a Functional chain. */
export function keras3ModelConfig(
  kind: "Sequential" | "Functional",
  layers: ReturnType<typeof keras3Layer>[],
  compile?: Record<string, unknown>,
): Record<string, unknown> {
  const names = layers.map((layer) => layer.config.name as string);
  const config =
    kind === "Sequential"
      ? {
          name: "sequential",
          trainable: true,
          dtype: dtypePolicy,
          layers: layers.map((l) => l.keras3),
          build_input_shape: [null, 2],
        }
      : {
          name: "functional",
          trainable: true,
          layers: layers.map((l) => l.keras3),
          input_layers: [names[0], 0, 0],
          output_layers: [names[names.length - 1], 0, 0],
        };
  return {
    module: kind === "Sequential" ? "keras" : "keras.src.models.functional",
    class_name: kind,
    config,
    registered_name: kind === "Sequential" ? null : "Functional",
    build_config: { input_shape: null },
    ...(compile ? { compile_config: compile } : {}),
  };
}

export interface NativeOptions {
  /** Newer Keras 3 files name each layer in its vars group's `name` attribute. Default true. */
  nameAttributes?: boolean;
  /** Where the layers' groups sit: `layers` (Keras >= 3.1) or `_layer_checkpoint_dependencies` (3.0). */
  container?: string;
  /** Group names to use instead of the class-based ones (a file of another model). */
  groupNames?: string[];
}

/** model.weights.h5 / .weights.h5 in saving_lib's layout, for the layers of `model.layers` in order. */
export async function nativeWeightsFile(layers: HandLayer[], options: NativeOptions = {}): Promise<Uint8Array> {
  const { nameAttributes = true, container = "layers", groupNames } = options;
  const used = new Map<string, number>();
  const snake = (s: string) =>
    s
      .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
      .replace(/([a-z])([A-Z])/g, "$1_$2")
      .toLowerCase();
  return h5Bytes((file) => {
    const root = file.create_group(container);
    layers.forEach((layer, i) => {
      const base = snake(layer.className);
      const count = used.get(base);
      used.set(base, count === undefined ? 0 : count + 1);
      const key = groupNames?.[i] ?? (count === undefined ? base : `${base}_${count + 1}`);
      const group = root.create_group(key);
      const vars = group.create_group("vars");
      if (nameAttributes) vars.create_attribute("name", layer.config.name as string, [], "S" as never);
      layer.weights.forEach((w, j) => dataset(vars, String(j), w));
    });
    const top = file.create_group("vars");
    top.create_attribute("name", "sequential", [], "S" as never);
  });
}

export function kerasZip(config: Record<string, unknown>, weights: Uint8Array): Uint8Array {
  return zipSync({
    "metadata.json": new TextEncoder().encode(
      JSON.stringify({ keras_version: "3.15.1", date_saved: "2026-12-01@21:24:13" }),
    ),
    "config.json": new TextEncoder().encode(JSON.stringify(config)),
    "model.weights.h5": weights,
  });
}

export interface LegacyOptions {
  modelConfig?: Record<string, unknown>;
  trainingConfig?: Record<string, unknown>;
  /** How weight_names are written: tf.keras 2.x `<layer>/kernel:0`, Keras 3 `<model>/<layer>/kernel`. */
  style: "tf.keras" | "keras3";
  /** save_weights of tf.keras puts layer_names on the root, model.save under model_weights. */
  weightsOnly?: boolean;
}

/** An .h5 in legacy_h5_format.py's layout; layers with no weights get empty weight_names. */
export async function legacyFile(layers: HandLayer[], options: LegacyOptions): Promise<Uint8Array> {
  const { modelConfig, trainingConfig, style, weightsOnly = false } = options;
  return h5Bytes((file) => {
    file.create_attribute("keras_version", style === "keras3" ? "3.15.1" : "2.15.0", [], "S" as never);
    file.create_attribute("backend", style === "keras3" ? "jax" : "tensorflow", [], "S" as never);
    if (modelConfig) file.create_attribute("model_config", JSON.stringify(modelConfig), [], "S" as never);
    if (trainingConfig) file.create_attribute("training_config", JSON.stringify(trainingConfig), [], "S" as never);
    const root: Group = weightsOnly ? file : file.create_group("model_weights");
    stringsAttribute(
      root,
      "layer_names",
      layers.map((layer) => layer.config.name as string),
    );
    for (const layer of layers) {
      const name = layer.config.name as string;
      const group = root.create_group(name);
      const paths = layer.weights.map((w) =>
        style === "keras3" ? `sequential/${name}/${w.name}` : `${name}/${w.name}:0`,
      );
      if (paths.length === 0) group.create_attribute("weight_names", new Float32Array(0), [0], "<f");
      else stringsAttribute(group, "weight_names", paths);
      layer.weights.forEach((w, j) => {
        const parts = paths[j].split("/");
        let node = group;
        for (const part of parts.slice(0, -1))
          node = (node.keys().includes(part) ? node.get(part) : node.create_group(part)) as Group;
        dataset(node, parts[parts.length - 1], w);
      });
    }
  });
}
