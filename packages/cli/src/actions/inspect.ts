import { isAllFinite, layerActivation, outputShapes } from "@deepreplay/frames";
import { listGroups, type HdfRecording } from "@deepreplay/recorder";
import type { InspectFlags } from "../commands/inspect.js";
import { checkpointSummary, describeCheckpoint } from "./inspect-file.js";
import type { CommandContext } from "../program.js";
import { withRecording } from "../replay/open.js";

/** What one recording holds, as `deepreplay inspect --json` prints it. */
export interface RecordingSummary {
  group: string;
  samples: number;
  batchSize: number;
  batchesPerEpoch: number;
  epochs: { recorded: number; completed: number };
  inputShape: number[];
  loss: string;
  optimizer?: { name: string; learningRate?: number };
  layers: {
    index: number;
    name: string;
    kind: string;
    outputShape: number[];
    weightShapes: number[][];
    activation?: string;
  }[];
  metrics: string[];
  series: string[];
  /** The first epoch whose weights or recorded values (loss, metrics, lr) are NaN or infinite; null when none is. */
  firstNonFiniteEpoch: number | null;
}

export async function inspect(context: CommandContext, file: string, flags: InspectFlags): Promise<void> {
  const checkpoint = await checkpointSummary(file, flags.model);
  if (checkpoint) {
    context.print(flags.json ? JSON.stringify(checkpoint, null, 2) : describeCheckpoint(checkpoint));
    return;
  }
  const groups = flags.group ? [flags.group] : await listGroups(file);
  const summaries: RecordingSummary[] = [];
  for (const group of groups) summaries.push(await withRecording(file, { group, model: flags.model }, summarise));
  context.print(flags.json ? JSON.stringify({ file, groups: summaries }, null, 2) : describe(file, summaries));
}

export function summarise(recording: HdfRecording): RecordingSummary {
  const { info } = recording;
  const { model } = info;
  const shapes = outputShapes(model.inputShape, model.layers);
  const initial = recording.weights(0);
  return {
    group: info.group,
    samples: info.samples,
    batchSize: info.batchSize,
    batchesPerEpoch: info.nBatches,
    epochs: { recorded: info.nEpochs, completed: info.completedEpochs },
    inputShape: model.inputShape,
    loss: model.loss,
    optimizer: model.optimizer && {
      name: model.optimizer.name,
      learningRate: roundFloat32(model.optimizer.learningRate),
    },
    layers: model.layers.map((layer, index) => ({
      index,
      name: layer.name,
      kind: layer.kind,
      outputShape: shapes[index],
      weightShapes: initial[index].map((w) => [...w.shape]),
      activation: layerActivation(layer),
    })),
    metrics: model.metrics,
    series: loggedSeries(recording).map(([name]) => name),
    firstNonFiniteEpoch: firstNonFiniteEpoch(recording),
  };
}

/**
 * The series with at least one value: one that is NaN throughout was never logged (an import without
 * a history, or without that column), absent rather than diverged.
 */
function loggedSeries(recording: HdfRecording): [string, Float32Array][] {
  return recording.info.series
    .map((name): [string, Float32Array] => [name, recording.series(name)])
    .filter(([, values]) => values.some((v) => !Number.isNaN(v)));
}

/** One pass over the epochs, one epoch's weights at a time: where a diverged run turned NaN or infinite. */
function firstNonFiniteEpoch(recording: HdfRecording): number | null {
  const { completedEpochs } = recording.info;
  const recorded = loggedSeries(recording).map(([, values]) => values);
  for (let epoch = 0; epoch <= completedEpochs; epoch++) {
    if (epoch > 0 && recorded.some((values) => !Number.isFinite(values[epoch - 1]))) return epoch;
    if (recording.weights(epoch).some((layer) => layer.some((w) => !isAllFinite(w.data)))) return epoch;
  }
  return null;
}

/** Keras stores the learning rate as float32: 0.05 reads back as 0.05000000074505806. */
const roundFloat32 = (value: number | undefined) => (value === undefined ? undefined : Number(value.toPrecision(7)));

const shape = (dims: readonly number[]) => `(${dims.join(", ")})`;

function describe(file: string, summaries: RecordingSummary[]): string {
  const lines = [file];
  for (const s of summaries) {
    const optimizer = s.optimizer
      ? `, optimizer ${s.optimizer.name}${s.optimizer.learningRate === undefined ? "" : ` (lr ${s.optimizer.learningRate})`}`
      : "";
    lines.push(
      ``,
      `group ${s.group}`,
      `  samples   ${s.samples}, batch size ${s.batchSize} (${s.batchesPerEpoch} batches per epoch)`,
      `  epochs    ${s.epochs.recorded} recorded, ${s.epochs.completed} completed (epoch 0 holds the initial weights)`,
      `  model     input ${shape(s.inputShape)}, loss ${s.loss}${optimizer}`,
      `  layers`,
    );
    const width = Math.max(...s.layers.map((l) => l.name.length));
    for (const l of s.layers) {
      const weights = l.weightShapes.length ? `weights ${l.weightShapes.map(shape).join(" ")}` : "no weights";
      const activation = l.activation ? `  activation ${l.activation}` : "";
      lines.push(
        `    ${String(l.index).padStart(2)} ${l.name.padEnd(width)}  ${l.kind} → ${shape(l.outputShape)}  ${weights}${activation}`,
      );
    }
    lines.push(
      `  metrics   ${s.metrics.join(", ") || "none"}`,
      `  series    ${s.series.join(", ") || "none (recorded without a training log)"}`,
    );
    if (s.firstNonFiniteEpoch !== null)
      lines.push(`  diverged  from epoch ${s.firstNonFiniteEpoch}: its weights or recorded values are NaN or infinite`);
  }
  return lines.join("\n");
}
