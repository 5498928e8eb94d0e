import * as Plot from "@observablehq/plot";
import type { LossAndMetricFrame } from "@deepreplay/frames";
import { drawableDomain, finiteMax } from "./extent.js";
import { panel, panelHeading, type PanelOptions } from "./panel.js";
import { LOSS_COLOR, METRIC_COLOR } from "./theme.js";
import { svgPlugin } from "./plugin.js";

/** Keras' accuracy metrics, whose axis the original fixes at [0, 1.01]. */
const ACCURACY = /^(acc|accuracy|binary_accuracy|categorical_accuracy|sparse_categorical_accuracy)$/;

/**
 * The original's LossAndMetric: the metric (black, left axis) and the loss (red, right axis) up
 * to the current epoch, each with a dot at the current epoch. The x axis spans the frame's whole
 * epoch range and both y axes their whole series, so every frame of an animation shares its axes.
 * Plot has one y scale: the loss is drawn scaled onto it and the right axis labels the loss values.
 */
export function lossAndMetricPanels(frame: LossAndMetricFrame, options: PanelOptions): Plot.PlotOptions[] {
  const { epochs, loss, metric, metricName } = frame;
  const metricTop = ACCURACY.test(metricName) ? 1.01 : top(finiteMax(metric));
  const lossTop = top(finiteMax(loss));
  const lossToY = metricTop / lossTop;
  const shown = Array.from(epochs.keys()).filter((k) => epochs[k] <= frame.epoch);
  const current = shown.filter((k) => epochs[k] === frame.epoch);
  const x = drawableDomain([epochs[0], epochs[epochs.length - 1]]);
  const epochOf = (k: number) => epochs[k];
  const metricAt = (k: number) => metric[k];
  const lossAt = (k: number) => loss[k] * lossToY;
  return [
    panel(
      frame,
      panelHeading(frame, `${metricName} / Loss`, options),
      {
        x: { domain: x, label: "Epoch", ticks: 5, tickFormat: "d" },
        y: { domain: [0, metricTop], label: metricName },
        twinY: { domain: [0, lossTop], label: "Loss", color: LOSS_COLOR, ticks: 5 },
        legend: [
          [metricName, METRIC_COLOR],
          ["Loss", LOSS_COLOR],
        ],
        marks: [
          Plot.line(shown, { x: epochOf, y: metricAt, stroke: METRIC_COLOR, className: "metric" }),
          Plot.line(shown, { x: epochOf, y: lossAt, stroke: LOSS_COLOR, className: "loss" }),
          Plot.dot(current, { x: epochOf, y: metricAt, r: 3.5, fill: METRIC_COLOR, className: "metric-now" }),
          Plot.dot(current, { x: epochOf, y: lossAt, r: 3.5, fill: LOSS_COLOR, className: "loss-now" }),
        ],
      },
      options,
    ),
  ];
}

/** Loss-and-metric curves as SVG. */
export const lossAndMetricPlugin = svgPlugin(["loss-and-metric"], lossAndMetricPanels);

/** The original's upper limit: 1.01 times the largest value (1 when there is none above 0). */
function top(max: number | undefined): number {
  return max !== undefined && max > 0 ? 1.01 * max : 1;
}
