import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listGroups } from "@deepreplay/recorder";
import { gifInfo, pngSize } from "../../tools/testing/images.js";
import { main } from "./main.js";

describe("example: activation functions side by side", () => {
  it("trains one group per activation and bends the inputs into each activation's range", async () => {
    const out = mkdtempSync(join(tmpdir(), "example-comparison-"));
    const { file, ranges } = await main({ out, epochs: 2, epoch: 1 });
    expect((await listGroups(file)).sort()).toEqual(["relu", "sigmoid", "tanh"]);
    // The hidden layer's outputs lie where each activation can reach, and use more than a point of it.
    expect(ranges.sigmoid.min).toBeGreaterThan(0);
    expect(ranges.sigmoid.max).toBeLessThan(1);
    expect(ranges.tanh.min).toBeGreaterThan(-1);
    expect(ranges.tanh.max).toBeLessThan(1);
    expect(ranges.tanh.min).toBeLessThan(0);
    expect(ranges.relu.min).toBe(0);
    expect(ranges.relu.max).toBeGreaterThan(0.5);
    expect(gifInfo(join(out, "comparison.gif"))).toMatchObject({ width: 1440, height: 520, frames: 3 });
    expect(pngSize(join(out, "comparison.png"))).toEqual({ width: 1440, height: 520 });
  });
});
