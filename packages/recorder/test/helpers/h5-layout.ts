import h5wasm from "h5wasm/node";
import { expect } from "vitest";
import { fixturePath } from "../../../../tools/testing/fixtures.js";

export interface GroupLayout {
  /** Attribute name → dtype and shape, e.g. { dtype: "<q", shape: [] }. */
  attributes: Record<string, { dtype: unknown; shape: number[] | null; fixedLength?: number }>;
  /** Dataset path inside the group → dtype and shape. */
  datasets: Record<string, { dtype: unknown; shape: number[] | null }>;
}

/** The layout of a group as h5wasm sees it: what Python's h5py would see too. */
export async function groupLayout(path: string, group: string): Promise<GroupLayout> {
  await h5wasm.ready;
  const file = new h5wasm.File(path, "r");
  try {
    const node = file.get(group) as InstanceType<typeof h5wasm.Group>;
    const attributes: GroupLayout["attributes"] = {};
    for (const [name, attribute] of Object.entries(node.attrs)) {
      const { vlen, size, type } = attribute.metadata;
      attributes[name] = {
        dtype: attribute.dtype,
        shape: attribute.shape,
        ...(type === 3 && !vlen ? { fixedLength: size } : {}),
      };
    }
    const datasets: GroupLayout["datasets"] = {};
    const walk = (g: InstanceType<typeof h5wasm.Group>, prefix: string): void => {
      for (const name of g.keys()) {
        const entity = g.get(name);
        if (entity instanceof h5wasm.Group) walk(entity, `${prefix}${name}/`);
        else if (entity instanceof h5wasm.Dataset)
          datasets[`${prefix}${name}`] = { dtype: entity.dtype, shape: entity.shape };
      }
    };
    walk(node, "");
    return { attributes, datasets };
  } finally {
    file.close();
  }
}

/** A dataset's values read straight through h5wasm, independent of the reader under test. */
export async function readDataset(path: string, dataset: string): Promise<ArrayLike<number>> {
  await h5wasm.ready;
  const file = new h5wasm.File(path, "r");
  try {
    return (file.get(dataset) as InstanceType<typeof h5wasm.Dataset>).value as ArrayLike<number>;
  } finally {
    file.close();
  }
}

/**
 * Our group has the fixture group's attributes (same dtypes) plus completed_epochs, model_config and
 * training_config, and its datasets (same names and dtypes, shapes but for samples and epochs).
 */
export async function expectPythonLayout(
  path: string,
  group: string,
  { samples, epochs }: { samples: number; epochs: number },
): Promise<void> {
  const ours = await groupLayout(path, group);
  const python = await groupLayout(fixturePath("hyperparms_in_action.h5"), "part1_activation_functions");
  const PYTHON_SAMPLES = 2000;
  const PYTHON_EPOCHS = 20;
  const resize = (shape: number[]) => [
    { [PYTHON_SAMPLES]: samples, [PYTHON_EPOCHS]: epochs, [PYTHON_EPOCHS + 1]: epochs + 1 }[shape[0]] ?? shape[0],
    ...shape.slice(1),
  ];
  const expected = Object.fromEntries(
    Object.entries(python.datasets).map(([name, { dtype, shape }]) => [name, { dtype, shape: resize(shape!) }]),
  );
  expect(ours.datasets).toEqual(expected);
  const { completed_epochs, model_config, training_config, ...pythonAttributes } = ours.attributes;
  expect(pythonAttributes).toEqual(python.attributes);
  expect(completed_epochs).toEqual({ dtype: "<q", shape: [] });
  // Variable-length ASCII, as Keras writes its own model_config.
  expect(model_config).toEqual({ dtype: "A", shape: [] });
  expect(training_config).toEqual({ dtype: "A", shape: [] });
}
