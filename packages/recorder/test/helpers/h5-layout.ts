import h5wasm from "h5wasm/node";

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
        else if (entity instanceof h5wasm.Dataset) datasets[`${prefix}${name}`] = { dtype: entity.dtype, shape: entity.shape };
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
