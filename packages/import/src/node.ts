import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DeepReplayError } from "@deepreplay/frames";
import { Hdf5Storage, groupExists, writeKerasModelFile } from "@deepreplay/recorder";
import { isHdf5, withHdf5 } from "./hdf5.js";
import { recordImport, type ImportedRun, type ImportOptions } from "./import.js";

/**
 * The Node side of importing: a run written into an HDF5 file in deepreplay's layout, plus
 * `<group>_model.h5` beside it in Keras 2.2 form, atomically. The import is written into a copy of
 * the file and renamed over it only when complete: a refused or failed import leaves the file,
 * with its other groups, byte for byte as it was, and no partial group.
 */

export interface ImportRunOptions extends ImportOptions {
  /** The HDF5 file to write (created, or appended to). */
  out: string;
  /** The group to write; an existing one is refused unless `ifExists` says otherwise. */
  group: string;
}

export interface ImportedFile extends ImportedRun {
  /** The file written, and the Keras model file beside it. */
  out: string;
  modelFile: string;
}

/** Checks that can fail before anything is written, naming the file the user gave. */
async function checkOut(out: string, group: string, ifExists: ImportOptions["ifExists"]): Promise<void> {
  if (!existsSync(dirname(out))) {
    throw new DeepReplayError(
      "PATH_NOT_WRITABLE",
      `Cannot write ${out}: the directory ${dirname(out)} does not exist.`,
      { hint: "Import into an existing directory." },
    );
  }
  if (!existsSync(out)) return;
  const bytes = readFileSync(out);
  if (!isHdf5(bytes)) {
    throw new DeepReplayError("NOT_HDF5", `${out} exists and is not an HDF5 file.`, {
      hint: "Choose a new file name or an existing deepreplay file: an import never overwrites other files.",
    });
  }
  if (ifExists === undefined || ifExists === "refuse") {
    const taken = await withHdf5(out, bytes, (root) => root.keys());
    if (taken.includes(group)) throw groupExists(out, group, taken);
  }
}

/** Reads a run from bytes and writes it as `group` of `out`, atomically. */
export async function importRun(options: ImportRunOptions): Promise<ImportedFile> {
  const out = resolve(options.out);
  const { group } = options;
  await checkOut(out, group, options.ifExists);
  const temporary = (path: string) => join(dirname(path), `.${basename(path)}.import-${process.pid}.tmp`);
  const outTemp = temporary(out);
  let modelTemp: string | undefined;
  try {
    if (existsSync(out)) copyFileSync(out, outTemp);
    const storage = new Hdf5Storage(outTemp, { modelFile: false });
    const run = await recordImport(storage, group, options);
    // The group taken ("rename" may have chosen another) names the model file.
    const modelFile = join(dirname(out), `${run.group}_model.h5`);
    modelTemp = temporary(modelFile);
    await writeKerasModelFile(modelTemp, run.model, run.initialWeights);
    renameSync(modelTemp, modelFile);
    renameSync(outTemp, out);
    return { ...run, out, modelFile };
  } finally {
    rmSync(outTemp, { force: true });
    if (modelTemp) rmSync(modelTemp, { force: true });
  }
}
