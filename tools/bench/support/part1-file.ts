import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeParabolaFile } from "../../testing/parabola-file.js";
import { trainParabolaInChild } from "./parabola-recording.js";

/** A Part 1 (parabola) recording of `epochs` epochs in an HDF5 file of a fresh folder, as the recorder writes it. */
export async function part1File(epochs: number, group = "part1"): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "deepreplay-bench-")), `${group}.h5`);
  await writeParabolaFile(path, group, await trainParabolaInChild(epochs));
  return path;
}
