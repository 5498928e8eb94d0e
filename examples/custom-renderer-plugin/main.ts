/**
 * Run: npx tsx --conditions @deepreplay/source examples/custom-renderer-plugin/main.ts
 * Draws hand-made frames with the example's plugins, found by format through the registry.
 */
import { renderFrame, type LossAndMetricFrame, type LossHistogramFrame } from "@deepreplay/frames";
import { registerExamplePlugins } from "./index.js";

registerExamplePlugins();

const epochs = Int32Array.from({ length: 21 }, (_, e) => e);
const lossAndMetric: LossAndMetricFrame = {
  kind: "loss-and-metric",
  epoch: 12,
  finite: true,
  lossName: "loss",
  metricName: "acc",
  epochs,
  loss: Float32Array.from(epochs, (e) => 0.7 * Math.exp(-e / 6) + 0.05),
  metric: Float32Array.from(epochs, (e) => 0.95 - 0.45 * Math.exp(-e / 5)),
};
const lossHistogram: LossHistogramFrame = {
  kind: "loss-histogram",
  epoch: 12,
  finite: true,
  lossName: "binary_crossentropy",
  losses: Float32Array.of(0.05, 0.12, 0.7, 0.02, 1.9),
};

console.log(renderFrame<string>(lossAndMetric, "sparkline", { title: "SGD" }));
console.log();
process.stdout.write(renderFrame<string>(lossHistogram, "csv"));
