import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gifInfo, pngSize } from "../../tools/testing/images.js";
import { main } from "./main.js";

describe("example: moons", () => {
  it("replays the 2-unit bottleneck's output exactly as the trained model computes it", async () => {
    const out = mkdtempSync(join(tmpdir(), "example-moons-"));
    const { maxDifference, frames } = await main({ out, epochs: 3 });
    expect(maxDifference).toBeLessThan(1e-5);
    expect(gifInfo(join(out, "moons.gif"))).toMatchObject({ width: 960, height: 800, frames });
    expect(pngSize(join(out, "moons.png"))).toEqual({ width: 960, height: 800 });
  });
});
