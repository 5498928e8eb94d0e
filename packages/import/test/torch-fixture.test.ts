import { readFileSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { featureSpaceData, lossAndMetricData, lossHistogramData, predictProba, type Replay } from "@deepreplay/core";
import { layerWeights, readDataset, readHistory, readOnnxArchitecture, readStateDict } from "../src/index.js";
import { SHARED_FIXTURES, requireSharedFixture } from "../../../tools/testing/fixtures.js";
import { maxAbsDiff, replayOf } from "./recording.js";

const have = requireSharedFixture("pytorch/torch-part1");
const RUN = `${SHARED_FIXTURES}pytorch/torch-part1/`;
const TOLERANCE = 1e-4;

interface Expected {
  epochs: number[];
  prob: number[][][];
  loss: number[];
  metric: number[];
  sample_loss: number[][];
  layer_output: number[][][];
  layer: string;
}

const file = (path: string) => ({ name: path.replace(/^.*\//, ""), bytes: readFileSync(path) });

describe.skipIf(!have)(
  "replaying the PyTorch run torch-part1 from its state_dicts, ONNX file and data (expected.json, 1e-4)",
  () => {
    let replay: Replay;
    let expected: Expected;

    beforeAll(async () => {
      expected = JSON.parse(readFileSync(`${RUN}expected.json`, "utf8"));
      const arch = readOnnxArchitecture(file(`${RUN}model.onnx`));
      const { x, y } = readDataset([file(`${RUN}data.npz`)]);
      const history = readHistory(file(`${RUN}history.csv`));
      const checkpoints = readdirSync(`${RUN}ckpt`)
        .sort()
        .map((name) => file(`${RUN}ckpt/${name}`));
      const weights = checkpoints.map((checkpoint) => layerWeights(arch, readStateDict(checkpoint), checkpoint.name));
      // PyTorch names no loss: the run's README says nn.BCELoss on a final Sigmoid (what --loss gives).
      const model = { ...arch.model, loss: "binary_crossentropy", metrics: ["accuracy"] };
      replay = await replayOf(model, weights, x, y, Array.from(history.series.get("loss")!));
    });
    afterAll(() => replay?.close());

    it("reads the architecture PyTorch exported: Linear + Sigmoid twice, weights transposed", () => {
      expect(replay.model.layers).toEqual([
        { kind: "Dense", name: "hidden", units: 2, activation: "sigmoid", useBias: true },
        { kind: "Dense", name: "output", units: 1, activation: "sigmoid", useBias: true },
      ]);
      expect(replay.epochs()).toEqual(expected.epochs);
    });

    it("probabilities of every input, every epoch", () => {
      const proba = predictProba(replay);
      expect(proba.shape).toEqual([21, 2000, 1]);
      expect(maxAbsDiff(proba.data, expected.prob.flat(2))).toBeLessThan(TOLERANCE);
    });

    it("per-input binary cross-entropy, every epoch", () => {
      const { loss } = lossHistogramData(replay);
      expect(maxAbsDiff(loss.data, expected.sample_loss.flat())).toBeLessThan(TOLERANCE);
    });

    it("loss and accuracy over all inputs, every epoch", () => {
      const data = lossAndMetricData(replay, { metric: "accuracy" });
      expect(maxAbsDiff(data.loss, expected.loss)).toBeLessThan(TOLERANCE);
      expect(maxAbsDiff(data.metric, expected.metric)).toBeLessThan(TOLERANCE);
    });

    it("the output of layer hidden (Linear + Sigmoid) for every input, every epoch", () => {
      const data = featureSpaceData(replay, {
        layer: expected.layer,
        contourPoints: 0,
        displayGrid: false,
        regions: false,
        sortByTarget: false,
      });
      expect(data.bentInputs.shape).toEqual([21, 2000, 2]);
      expect(maxAbsDiff(data.bentInputs.data, expected.layer_output.flat(2))).toBeLessThan(TOLERANCE);
    });
  },
);
