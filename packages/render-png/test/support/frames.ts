import type { LossAndMetricFrame, LossHistogramFrame } from "@deepreplay/frames";

export function lossAndMetric(epoch: number): LossAndMetricFrame {
  const epochs = Int32Array.from({ length: epoch + 1 }, (_, i) => i);
  return {
    kind: "loss-and-metric",
    epoch,
    finite: true,
    lossName: "loss",
    metricName: "acc",
    epochs,
    loss: Float32Array.from(epochs, (e) => 1 / (e + 1)),
    metric: Float32Array.from(epochs, (e) => 1 - 1 / (e + 2)),
  };
}

export function lossHistogram(epoch: number, inputs: number, note?: string): LossHistogramFrame {
  return {
    kind: "loss-histogram",
    epoch,
    finite: true,
    note,
    lossName: "loss",
    losses: new Float32Array(inputs).fill(0.5),
  };
}
