import { afterEach, describe, expect, it } from "vitest";
import {
  isDeepReplayError,
  renderFrame,
  renderers,
  type LossAndMetricFrame,
  type LossHistogramFrame,
} from "@deepreplay/frames";
import "@deepreplay/render-svg";
import { BLOCKS, float32, registerExamplePlugins } from "./index.js";

const losses = Float32Array.of(0.05, 0.12, Number.NaN, 0.7, 1.9, Number.POSITIVE_INFINITY);
const lossHistogram: LossHistogramFrame = { kind: "loss-histogram", epoch: 3, finite: false, lossName: "bce", losses };

const epochs = Int32Array.of(0, 1, 2, 3, 4, 5);
const lossAndMetric: LossAndMetricFrame = {
  kind: "loss-and-metric",
  epoch: 3,
  finite: true,
  lossName: "loss",
  metricName: "acc",
  epochs,
  loss: Float32Array.of(0.8, 0.6, 0.42, 0.3, 0.25, 0.1),
  metric: Float32Array.of(0.5, 0.6, 0.7, 0.8, 0.9, 1),
};

let unregister: () => void = () => {};
afterEach(() => unregister());

describe("the custom renderer plugin example", () => {
  it("writes a loss histogram's losses as CSV that reads back to the same values", () => {
    unregister = registerExamplePlugins();
    const csv = renderFrame<string>(lossHistogram, "csv");
    const [header, ...rows] = csv.trimEnd().split("\n");
    expect(header).toBe("epoch,sample,bce");
    expect(rows).toHaveLength(losses.length);
    rows.forEach((row, i) => {
      const [epoch, sample, loss] = row.split(",");
      expect([Number(epoch), Number(sample)]).toEqual([3, i]);
      expect(Math.fround(Number(loss))).toBe(losses[i]);
    });
    expect(rows[0]).toBe("3,0,0.05");
    expect(rows[2]).toBe("3,2,NaN");
    expect(rows[5]).toBe("3,5,Infinity");
  });

  it("writes the shortest decimal of a 32-bit float", () => {
    expect([0.05, 0.7, 1 / 3].map((v) => float32(Math.fround(v)))).toEqual(["0.05", "0.7", "0.33333334"]);
  });

  it("draws loss and metric as terminal sparklines up to the current epoch, scaled over the whole run", () => {
    unregister = registerExamplePlugins();
    const text = renderFrame<string>(lossAndMetric, "sparkline", { title: "SGD" });
    const [title, loss, metric] = text.split("\n");
    expect(title).toBe("SGD - Epoch: 3");
    // Loss over 0.1..0.8 in 7 steps: 0.8 → 7, 0.6 → 5, 0.42 → 3.2 → 3, 0.3 → 2.
    expect(loss).toBe(`loss ${[7, 5, 3, 2].map((level) => BLOCKS[level]).join("")} 0.3000`);
    // Accuracy over 0.5..1: 0.5 → 0, 0.6 → 1.4 → 1, 0.7 → 2.8 → 3, 0.8 → 4.2 → 4.
    expect(metric).toBe(`acc  ${[0, 1, 3, 4].map((level) => BLOCKS[level]).join("")} 0.8000`);
  });

  it("sits beside the SVG renderer in the shared registry and leaves it when unregistered", () => {
    unregister = registerExamplePlugins();
    expect(renderers.formats("loss-histogram").sort()).toEqual(["csv", "svg"]);
    expect(renderFrame<string>(lossHistogram, "svg")).toMatch(/^<svg/);
    unregister();
    expect(renderers.formats("loss-histogram")).toEqual(["svg"]);
    let code: string | undefined;
    try {
      renderFrame(lossAndMetric, "sparkline");
    } catch (error) {
      code = isDeepReplayError(error) ? error.code : undefined;
    }
    expect(code).toBe("NO_RENDERER");
  });
});
