/**
 * Deep Replay in a page of your own: the library bundled for the browser (esbuild or Vite). It
 * opens a Python deepreplay file and its Keras model from bytes, replays it on tfjs' WASM backend
 * (the .wasm files served beside the bundle), draws a frame with the page's own document, and
 * records a tfjs-layers run into HDF5 bytes. The same functions run in Node: in-a-page.test.ts
 * bundles this module, runs it in Chromium and compares the numbers with Node's.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import {
  activeBackend,
  decisionBoundaryData,
  decisionBoundaryFrames,
  featureSpaceData,
  featureSpaceFrames,
  layerViolinsData,
  layerViolinsFrames,
  lossAndMetricData,
  lossAndMetricFrames,
  lossHistogramData,
  lossHistogramFrames,
  lossLandscapeData,
  openReplay,
  probabilityHistogramData,
  probabilityHistogramFrames,
  toPlain,
  type BackendOptions,
  type Replay,
} from "@deepreplay/core";
import { parabola } from "@deepreplay/datasets";
import { Hdf5BytesStorage, listGroups, openRecording } from "@deepreplay/recorder";
import { ReplayData } from "@deepreplay/recorder/tfjs";
import { drawFrame } from "@deepreplay/render-svg/plots";

export const GROUP = "part1_activation_functions";
/** The backend the replay runs on: "wasm", or "cpu" after the one-line fallback warning. */
export { activeBackend };

/**
 * The snippet of docs/embedding-the-core.md: fetches the Python file and its Keras model beside the
 * page, opens them from bytes, replays them on WASM and draws epoch 10's feature space into the page.
 */
export async function showEpoch10(): Promise<Replay> {
  const [replayFile, modelFile] = await Promise.all(
    ["fixtures/hyperparms_in_action.h5", "fixtures/part1_activation_functions_model.h5"].map(async (url) =>
      (await fetch(url)).arrayBuffer(),
    ),
  );
  const recording = await openRecording(replayFile, "part1_activation_functions", { model: new Uint8Array(modelFile) });
  const replay = await openReplay(recording); // or { wasmPath: "/assets/tfjs/" }
  for (const frame of featureSpaceFrames(replay, { layer: "hidden", epochStart: 10, epochEnd: 10 })) {
    document.body.append(drawFrame(frame, {}, document));
  }
  return replay;
}

/** Opens a replay file and its Keras model file, both as bytes, for replay. */
export async function replayFromBytes(
  replayFile: ArrayBuffer,
  modelFile: ArrayBuffer,
  options: BackendOptions = {},
): Promise<Replay> {
  const recording = await openRecording(replayFile, GROUP, { model: modelFile });
  return openReplay(recording, options);
}

const first = <T>(frames: Iterable<T>): T => {
  for (const frame of frames) return frame;
  throw new Error("no frame");
};

/** Every visualisation's data and one of its frames, as plain numbers (JSON-ready). */
export function replayNumbers(replay: Replay): Record<string, unknown> {
  const epoch10 = { epochStart: 10, epochEnd: 10 };
  const space = {
    layer: "hidden",
    contourPoints: 30,
    xlim: [-1, 1] as [number, number],
    ylim: [-1, 1] as [number, number],
    sortByTarget: false,
  };
  const { bentContour, prediction } = featureSpaceData(replay, { ...space, epochStart: 2, epochEnd: 19 });
  const boundary = decisionBoundaryData(replay, { contourPoints: 10, ...epoch10 });
  return toPlain({
    backend: activeBackend(),
    lossAndMetric: lossAndMetricData(replay, { metric: "acc" }),
    probabilities: probabilityHistogramData(replay),
    lossHistogram: lossHistogramData(replay, { epochStart: 2, epochEnd: 19 }),
    featureSpace: { bentContour, prediction },
    decisionBoundary: { contour: boundary.contour, prediction: boundary.prediction },
    gradients: layerViolinsData(replay, "gradients", { excludeOutputs: false }),
    lossLandscape: lossLandscapeData(replay, { points: 11 }),
    frames: {
      featureSpace: first(featureSpaceFrames(replay, { layer: "hidden", contourPoints: 10, ...epoch10 })),
      decisionBoundary: first(decisionBoundaryFrames(replay, { contourPoints: 10, ...epoch10 })),
      probabilityHistogram: first(probabilityHistogramFrames(replay, epoch10)),
      lossHistogram: first(lossHistogramFrames(replay, epoch10)),
      lossAndMetric: first(lossAndMetricFrames(replay, { metric: "acc" })),
      activations: first(layerViolinsFrames(replay, "activations", epoch10)),
    },
  }) as Record<string, unknown>;
}

/** Epoch 10's probability histogram drawn as SVG into `document`: its texts and its bars' heights. */
export function drawnFrame(replay: Replay, document: Document): { tag: string; texts: string[]; bars: string[] } {
  const svg = drawFrame(first(probabilityHistogramFrames(replay, { epochStart: 10, epochEnd: 10 })), {}, document);
  return {
    tag: svg.tagName,
    texts: Array.from(svg.querySelectorAll("text"), (text) => text.textContent ?? ""),
    bars: Array.from(svg.querySelectorAll("rect"), (rect) => rect.getAttribute("height") ?? ""),
  };
}

/** Trains a small model with tfjs-layers, recorded by ReplayData into HDF5 bytes, and reads them back. */
export async function recordIntoBytes(epochs = 3): Promise<{
  bytes: number;
  groups: string[];
  completedEpochs: number;
  loss: number[];
  recordedLoss: number[];
  weights: number[][];
  recordedWeights: number[][];
}> {
  const { inputs, targets } = parabola({ nPoints: 100 });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 2, activation: "sigmoid", inputShape: [2], name: "hidden" }),
      tfl.layers.dense({ units: 1, activation: "sigmoid", name: "output" }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.5), loss: "binaryCrossentropy", metrics: ["accuracy"] });
  const storage = new Hdf5BytesStorage();
  const x = tf.tensor(Float32Array.from(inputs.data), [...inputs.shape]);
  const y = tf.tensor(Float32Array.from(targets.data), [...targets.shape]);
  const history = await model.fit(x, y, {
    epochs,
    batchSize: 50,
    verbose: 0,
    callbacks: [new ReplayData({ inputs, targets, storage, group: "in-a-page" })],
  });
  x.dispose();
  y.dispose();
  const bytes = storage.bytes();
  const recording = await openRecording(bytes, "in-a-page");
  try {
    return {
      bytes: bytes.byteLength,
      groups: await listGroups(bytes),
      completedEpochs: recording.info.completedEpochs,
      loss: history.history.loss.map(Number),
      recordedLoss: Array.from(recording.series("loss")),
      weights: model.getWeights().map((w) => Array.from(w.dataSync())),
      recordedWeights: recording
        .weights(epochs)
        .flat()
        .map((w) => Array.from(w.data)),
    };
  } finally {
    recording.close();
  }
}
