import type { LossHistogramFrame, RendererPlugin } from "@deepreplay/frames";

/**
 * A "csv" renderer for loss-histogram frames: one row per input with its loss, ready for a
 * spreadsheet or pandas. A diverged input's loss is written as NaN, Infinity or -Infinity,
 * which pandas reads back as numbers.
 */
export const lossCsvPlugin: RendererPlugin<"loss-histogram", string> = {
  name: "example:loss-csv",
  format: "csv",
  kinds: ["loss-histogram"],
  render(frame: LossHistogramFrame): string {
    const rows = Array.from(frame.losses, (loss, sample) => `${frame.epoch},${sample},${float32(loss)}`);
    return [`epoch,sample,${frame.lossName}`, ...rows].join("\n") + "\n";
  },
};

/** The shortest decimal that reads back as the same 32-bit float (0.05, not 0.05000000074505806). */
export function float32(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(Number(value.toPrecision(9)));
}
