import { readFileSync, readdirSync } from "node:fs";
import * as tf from "@tensorflow/tfjs-core";
import { expect } from "vitest";
import { lossAndMetricData, lossHistogramData, openReplay, predictProba, type Replay } from "@deepreplay/core";
import { openRecording } from "@deepreplay/recorder";
import type { NamedBytes } from "../../src/types.js";
import { SHARED_FIXTURES as FIXTURES } from "../../../../tools/testing/fixtures.js";

export const read = (path: string): NamedBytes => ({ name: path, bytes: readFileSync(path) });

/** A run folder of ../shared/fixtures as the CLI hands it over: every checkpoint, the data, the log. */
export function fixtureRun(folder: string) {
  const root = `${FIXTURES}${folder}/`;
  return {
    checkpoints: readdirSync(`${root}ckpt`).map((name) => read(`${root}ckpt/${name}`)),
    data: [read(`${root}data.npz`)],
    history: read(`${root}history.csv`),
    expected: JSON.parse(readFileSync(`${root}expected.json`, "utf8")),
  };
}

export interface Expected {
  epochs: number[];
  prob: number[][][];
  loss: number[];
  metric: number[];
  sample_loss: number[][];
  layer_output: number[][][];
  metric_name: string;
  layer: string;
}

function layerOutput(replay: Replay, epoch: number, layer: string): Float32Array {
  const network = replay.network(epoch);
  try {
    return tf.tidy(
      () => network.forward(replay.inputTensor(), { to: replay.layerIndex(layer) }).output.dataSync() as Float32Array,
    );
  } finally {
    network.dispose();
  }
}

function maxDifference(actual: ArrayLike<number>, expected: number[]): number {
  expect(actual.length).toBe(expected.length);
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(actual[i] - expected[i]));
  return max;
}

/** Every number the replay computes on the imported run against what Keras computed on each checkpoint. */
export async function expectReplayMatches(out: string, group: string, expected: Expected): Promise<void> {
  const replay = await openReplay(await openRecording(out, group));
  try {
    expect(replay.epochs()).toEqual(expected.epochs);
    const prob = predictProba(replay);
    const losses = lossHistogramData(replay).loss;
    const { loss, metric, metricName } = lossAndMetricData(replay);
    expect(metricName).toBe(expected.metric_name);
    const perEpoch = prob.data.length / expected.epochs.length;
    expected.epochs.forEach((epoch, e) => {
      expect(maxDifference(prob.data.subarray(e * perEpoch, (e + 1) * perEpoch), expected.prob[e].flat())).toBeLessThan(
        1e-4,
      );
      const n = expected.sample_loss[e].length;
      expect(maxDifference(losses.data.subarray(e * n, (e + 1) * n), expected.sample_loss[e])).toBeLessThan(1e-4);
      expect(Math.abs(loss[e] - expected.loss[e])).toBeLessThan(1e-4);
      expect(Math.abs(metric[e] - expected.metric[e])).toBeLessThan(1e-4);
      expect(maxDifference(layerOutput(replay, epoch, expected.layer), expected.layer_output[e].flat())).toBeLessThan(
        1e-4,
      );
    });
  } finally {
    replay.close();
  }
}
