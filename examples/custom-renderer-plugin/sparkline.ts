import type { LossAndMetricFrame, RenderOptions, RendererPlugin } from "@deepreplay/frames";

/** Eight heights of block, lowest first. */
export const BLOCKS = "▁▂▃▄▅▆▇█";

/**
 * A "sparkline" renderer for loss-and-metric frames: the loss and the metric up to the current
 * epoch as two lines of block characters for a terminal, each scaled to its own range over the
 * whole run (so the lines of successive epochs line up), followed by the current value.
 * A value that is not finite is drawn as "×".
 */
export const sparklinePlugin: RendererPlugin<"loss-and-metric", string> = {
  name: "example:sparkline",
  format: "sparkline",
  kinds: ["loss-and-metric"],
  render(frame: LossAndMetricFrame, options?: RenderOptions): string {
    const shown = Array.from(frame.epochs).filter((epoch) => epoch <= frame.epoch).length;
    const width = Math.max(frame.lossName.length, frame.metricName.length);
    const line = (name: string, values: Float32Array) =>
      `${name.padEnd(width)} ${sparkline(values, shown)} ${format(values[shown - 1])}`;
    const title = `${options?.title ? `${options.title} - ` : ""}Epoch: ${frame.epoch}`;
    return [title, line(frame.lossName, frame.loss), line(frame.metricName, frame.metric)].join("\n");
  },
};

/** The first `count` values as blocks, scaled over the finite values of the whole series. */
export function sparkline(values: Float32Array, count: number): string {
  const finite = Array.from(values).filter(Number.isFinite);
  const min = Math.min(...finite);
  const span = Math.max(...finite) - min;
  return Array.from(values.subarray(0, count), (v) => {
    if (!Number.isFinite(v)) return "×";
    const level = span > 0 ? Math.round(((v - min) / span) * (BLOCKS.length - 1)) : 0;
    return BLOCKS[level];
  }).join("");
}

function format(value: number | undefined): string {
  return value === undefined ? "" : Number.isFinite(value) ? value.toFixed(4) : String(value);
}
