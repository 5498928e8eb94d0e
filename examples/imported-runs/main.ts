/**
 * Imported runs: the shared Keras 3 and PyTorch runs (per-epoch checkpoints, the training log and
 * the data, saved with stock tools only) imported into one replay file, then the Part 1 pictures
 * drawn from each: the feature space of layer `hidden`, the probabilities, the losses, the loss and
 * the metric, and the feature space animated.
 *
 *   node --conditions=@deepreplay/source --import tsx examples/imported-runs/main.ts [OUT]
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  featureSpaceFrames,
  lossAndMetricData,
  lossAndMetricFrames,
  lossHistogramFrames,
  openReplay,
  probabilityHistogramFrames,
} from "@deepreplay/core";
import type { NamedBytes } from "@deepreplay/import";
import { importRun } from "@deepreplay/import/node";
import { openRecording } from "@deepreplay/recorder";
import { animate, renderPng } from "@deepreplay/render-png";

/** ../shared/fixtures beside the checkout. */
const FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));

const read = (path: string): NamedBytes => ({ name: path, bytes: readFileSync(path) });

/** Each run as its framework saved it, and what the import needs to know beside the files. */
const RUNS = [
  { group: "keras3", folder: "keras3/keras3-part1-keras", options: {} },
  { group: "torch", folder: "pytorch/torch-part1", options: { model: "model.onnx", loss: "binary_crossentropy" } },
] as const;

export async function main({
  out = "deepreplay-examples/imported-runs",
  fixtures = FIXTURES,
  animateGroups = ["keras3"],
} = {}) {
  mkdirSync(out, { recursive: true });
  const file = join(out, "imported_runs.h5");
  rmSync(file, { force: true });
  const results: { group: string; epochs: number; loss: Float32Array; metric: Float32Array }[] = [];
  for (const { group, folder, options } of RUNS) {
    const root = join(fixtures, folder);
    await importRun({
      checkpoints: readdirSync(join(root, "ckpt")).map((name) => read(join(root, "ckpt", name))),
      data: [read(join(root, "data.npz"))],
      history: read(join(root, "history.csv")),
      ...("model" in options ? { model: read(join(root, options.model)), loss: options.loss } : {}),
      out: file,
      group,
    });

    const replay = await openReplay(await openRecording(file, group));
    const last = { epochStart: replay.lastEpoch, epochEnd: replay.lastEpoch };
    const size = { width: 600, height: 600 };
    const [space] = featureSpaceFrames(replay, { layer: "hidden", contourPoints: 0, ...last });
    writeFileSync(join(out, `${group}_feature_space.png`), renderPng(space, size));
    writeFileSync(
      join(out, `${group}_prob_histogram.png`),
      renderPng([...probabilityHistogramFrames(replay, last)][0], size),
    );
    writeFileSync(join(out, `${group}_loss_histogram.png`), renderPng([...lossHistogramFrames(replay, last)][0], size));
    writeFileSync(
      join(out, `${group}_loss_and_metric.png`),
      renderPng([...lossAndMetricFrames(replay, last)][0], size),
    );
    if (animateGroups.includes(group)) {
      await animate(featureSpaceFrames(replay, { layer: "hidden", contourPoints: 0 }), {
        out: join(out, `${group}_feature_space.gif`),
        fps: 5,
        ...size,
      });
    }
    const { loss, metric } = lossAndMetricData(replay);
    results.push({ group, epochs: replay.lastEpoch, loss, metric });
    replay.close();
  }
  return { file, results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { file, results } = await main({ out: process.argv[2] });
  for (const { group, epochs, loss, metric } of results) {
    console.log(
      `${file} group ${group}: ${epochs} epochs, loss ${loss[0].toFixed(4)} -> ${loss[epochs].toFixed(4)}, accuracy ${metric[0].toFixed(3)} -> ${metric[epochs].toFixed(3)}`,
    );
  }
}
