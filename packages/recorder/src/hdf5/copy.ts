import h5wasm from "#h5wasm";
import { files } from "#files";
import { isDataset, isGroup, type H5File, type H5Group } from "./h5.js";

type Node = H5Group | InstanceType<typeof h5wasm.Dataset>;

function copyAttributes(source: Node, target: Node): void {
  for (const [name, attribute] of Object.entries(source.attrs)) {
    target.create_attribute(name, attribute.value as never, attribute.shape, attribute.dtype);
  }
}

/** Copies a group's attributes, datasets and subgroups, leaving out the top-level entries in `skip`. */
function copyGroup(source: H5Group, target: H5Group, skip: readonly string[] = []): void {
  copyAttributes(source, target);
  for (const key of source.keys()) {
    if (skip.includes(key)) continue;
    const entity = source.get(key);
    if (isGroup(entity)) copyGroup(entity, target.create_group(key));
    else if (isDataset(entity))
      copyAttributes(
        entity,
        target.create_dataset({
          name: key,
          data: entity.value as never,
          shape: entity.shape ?? [],
          dtype: entity.dtype,
        }),
      );
  }
}

function copyFile(from: string, to: string, skip: readonly string[] = []): void {
  const source: H5File = new h5wasm.File(from, "r");
  try {
    const target: H5File = new h5wasm.File(to, "w");
    try {
      copyGroup(source, target, skip);
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
}

/**
 * Rewrites an HDF5 file without one of its top-level groups (h5wasm cannot unlink): the rest is
 * copied aside, then back over the file, attributes, datasets and groups as they were.
 */
export function rewriteWithout(path: string, group: string): void {
  const aside = files.scratch();
  try {
    copyFile(path, aside.path, [group]);
    copyFile(aside.path, path);
  } finally {
    aside.release();
  }
}
