import { readFileSync } from "node:fs";
import { DeepReplayError } from "@deepreplay/frames";
import { describeFile, isHdf5, isKerasHdf5, type FileSummary, type NamedBytes } from "@deepreplay/import";

const CHECKPOINT = /\.(keras|onnx|pt|pth|safetensors)$/i;

function readNamed(path: string): NamedBytes {
  try {
    return { name: path, bytes: readFileSync(path) };
  } catch (error) {
    throw new DeepReplayError("FILE_NOT_FOUND", `No file at ${path}.`, { hint: "Check the path.", cause: error });
  }
}

/** A checkpoint or architecture file (not a recording), read; undefined for a deepreplay recording. */
export async function checkpointSummary(path: string, model: string | undefined): Promise<FileSummary | undefined> {
  if (!CHECKPOINT.test(path)) {
    if (!/\.(h5|hdf5)$/i.test(path)) return undefined;
    const file = readNamed(path);
    if (!isHdf5(file.bytes) || !(await isKerasHdf5(file))) return undefined;
    return describeFile(file, model === undefined ? undefined : readNamed(model));
  }
  return describeFile(readNamed(path), model === undefined ? undefined : readNamed(model));
}

const shape = (dims: readonly number[]) => `(${dims.join(", ")})`;

/** The architecture understood, layer by layer. */
export function describeCheckpoint(s: FileSummary): string {
  const lines = [s.file, `  format    ${s.format}`];
  if (s.inputShape) {
    const optimizer = s.optimizer
      ? `, optimizer ${s.optimizer.name}${s.optimizer.learningRate === undefined ? "" : ` (lr ${Number(s.optimizer.learningRate.toPrecision(7))})`}`
      : "";
    lines.push(
      `  model     input ${shape(s.inputShape)}, loss ${s.loss ?? "not named (pass --loss to import)"}${optimizer}`,
    );
  }
  if (s.layers) {
    lines.push("  layers");
    const width = Math.max(...s.layers.map((l) => l.name.length));
    for (const l of s.layers) {
      const what = l.kind === "Dense" ? `Dense(${l.units})` : l.kind;
      const weights = l.weightShapes.length
        ? `weights ${l.weightShapes.map(shape).join(" ")}${l.weightNames ? ` from ${l.weightNames.join(", ")}` : ""}`
        : "no weights";
      const activation = l.activation ? `  activation ${l.activation}` : "";
      lines.push(`    ${String(l.index).padStart(2)} ${l.name.padEnd(width)}  ${what}  ${weights}${activation}`);
    }
  }
  if (s.metrics) lines.push(`  metrics   ${s.metrics.join(", ")}`);
  if (s.tensors) {
    lines.push("  tensors   (pass --model model.onnx to map them to layers)");
    for (const t of s.tensors) lines.push(`    ${t.name}  ${shape(t.shape)}`);
  }
  return lines.join("\n");
}
