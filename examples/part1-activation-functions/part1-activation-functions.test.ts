import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./main.js";
import { gifInfo, pngSize } from "../../tools/testing/images.js";

describe("example: Part 1, activation functions", () => {
  it("records, replays and draws a short run; the replayed loss is the trained model's", async () => {
    const out = mkdtempSync(join(tmpdir(), "example-part1-"));
    const result = await main({ out, epochs: 4, activation: "tanh", epoch: 2 });
    // Epoch 0 (initial weights) to 4; the replay recomputes what tfjs-layers evaluates at the end.
    expect(result.loss).toHaveLength(5);
    expect(result.loss.at(-1)).toBeCloseTo(result.evaluatedLoss, 5);
    expect(result.loss.at(-1)!).toBeLessThan(result.loss[0]);
    expect(result.animation.frames).toBe(5);
    expect(gifInfo(join(out, "part1.gif"))).toMatchObject({ width: 1200, height: 700, frames: 5 });
    expect(pngSize(join(out, "part1.png"))).toEqual({ width: 1200, height: 700 });
  });
});
