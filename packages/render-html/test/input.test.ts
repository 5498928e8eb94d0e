import { mkdtemp, readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  describeError,
  type DeepReplayError,
  type FeatureSpaceFrame,
  type Figure,
  type Frame,
} from "@deepreplay/frames";
import { renderReplayHtml, writeReplayHtml, type ReplayInput } from "../src/index.js";
import { part1 } from "./helpers/part1.js";
import { readPageData } from "./helpers/page-data.js";

const demo = part1({ epochs: 5, samples: 200, pointsPerLine: 50, boundaryPoints: 50 });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "deepreplay-html-input-"));
});

async function refusal(input: ReplayInput, options = {}): Promise<DeepReplayError> {
  const error = await renderReplayHtml(input, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the call should have been refused").toBeDefined();
  expect(error).toMatchObject({ name: "DeepReplayError" });
  return error as DeepReplayError;
}

async function* slowly<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    yield item;
  }
}

/** Three panels side by side. */
const ONE_ROW = {
  rows: 1,
  columns: 3,
  areas: [0, 1, 2].map((column) => ({ row: 0, column, rowSpan: 1, columnSpan: 1 })),
};

describe("input", () => {
  it("accepts figures, bare frames and per-panel sequences, sync or async, and keeps what they say", async () => {
    const figures: Figure[] = range(0, 5).map((epoch) => ({
      title: "Part 1",
      epoch,
      panels: [demo.featureSpace(epoch), demo.probabilities(epoch)],
      layout: ONE_ROW,
      panelTitles: ["Hidden", undefined],
    }));
    const fromFigures = await readPageData(await renderReplayHtml(slowly(figures), { fps: 8 }));
    expect(fromFigures.manifest).toMatchObject({
      title: "Part 1",
      fps: 8,
      layout: ONE_ROW,
      panelTitles: ["Hidden", null],
      kinds: ["feature-space", "probability-histogram"],
      epochs: [0, 1, 2, 3, 4, 5],
    });

    const fromSequences = await readPageData(
      await renderReplayHtml([range(0, 5).map(demo.featureSpace), slowly(range(0, 5).map(demo.probabilities))], {
        title: "Zipped",
      }),
    );
    expect(fromSequences.manifest).toMatchObject({
      title: "Zipped",
      kinds: ["feature-space", "probability-histogram"],
      epochs: [0, 1, 2, 3, 4, 5],
    });
    // A binary probability histogram draws two panels, stacked beside the feature space's square of 2 × 2 cells.
    expect(fromSequences.manifest.layout).toEqual({
      rows: 2,
      columns: 3,
      areas: [
        { row: 0, column: 0, rowSpan: 2, columnSpan: 2 },
        { row: 0, column: 2, rowSpan: 1, columnSpan: 1 },
        { row: 1, column: 2, rowSpan: 1, columnSpan: 1 },
      ],
    });
    const probabilities = fromSequences.frame(4, 1);
    expect(probabilities.kind).toBe("probability-histogram");
    expect([...(probabilities as ReturnType<typeof demo.probabilities>).correct]).toEqual([
      ...demo.probabilities(4).correct,
    ]);

    const fromFrames = await readPageData(await renderReplayHtml(range(2, 4).map(demo.losses)));
    expect(fromFrames.manifest).toMatchObject({
      title: "",
      fps: 5,
      layout: { rows: 1, columns: 1, areas: [{ row: 0, column: 0, rowSpan: 1, columnSpan: 1 }] },
      kinds: ["loss-histogram"],
      epochs: [2, 3, 4],
    });
  });

  it("hands the page each loss histogram's bin extent with its frame, as core computed it over the range", async () => {
    const { manifest, frame } = await readPageData(await renderReplayHtml(range(0, 5).map(demo.losses)));
    const all = demo.epochs.flatMap((epoch) => [...demo.losses(epoch).losses]);
    expect(frame(3, 0)).toMatchObject({ kind: "loss-histogram", lossExtent: [Math.min(...all), Math.max(...all)] });
    expect(manifest).not.toHaveProperty("lossExtent");
  });

  it("reports its progress epoch by epoch", async () => {
    const seen: number[] = [];
    await renderReplayHtml(range(3, 7).map(demo.losses), { onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it("leaves the sampled contour out of the page, keeping the exact regions or tracing them from it", async () => {
    // A 40 × 40 contour over [0, 1]², class 1 right of x = 0.5.
    const size = 40;
    const points = new Float32Array(2 * size * size);
    const prediction = new Int32Array(size * size);
    for (let b = 0; b < size; b++) {
      for (let a = 0; a < size; a++) {
        points.set([a / (size - 1), b / (size - 1)], 2 * (b * size + a));
        prediction[b * size + a] = a / (size - 1) > 0.5 ? 1 : 0;
      }
    }
    const withContour = (epoch: number): FeatureSpaceFrame => ({
      ...demo.featureSpace(epoch),
      contour: { size, points, prediction },
    });
    const page = await readPageData(await renderReplayHtml(range(0, 1).map(withContour)));
    const exact = page.frame(1, 0) as FeatureSpaceFrame;
    expect(exact.contour).toBeUndefined();
    expect(exact.regions.map((r) => r.polygons[0][0].length)).toEqual(
      demo.featureSpace(1).regions.map((r) => r.polygons[0][0].length),
    );

    const untraced: FeatureSpaceFrame = { ...withContour(0), regions: [] };
    const traced = await readPageData(await renderReplayHtml([untraced]));
    const frame = traced.frame(0, 0) as FeatureSpaceFrame;
    expect(frame.contour).toBeUndefined();
    expect(frame.regions.map((r) => r.classIndex)).toEqual([0, 1]);
    // Class 1's region: right of the edge marching squares puts midway between columns 19 and 20.
    const xs = frame.regions[1].polygons[0][0].filter((_, i) => i % 2 === 0);
    expect(Math.min(...xs)).toBeCloseTo((19 / 39 + 20 / 39) / 2, 4);
    expect(Math.max(...xs)).toBeCloseTo(1, 4);
  });
});

describe("bad input is refused with a DeepReplayError", () => {
  it("no frames at all", async () => {
    for (const input of [[], slowly([]), [[], []]] as ReplayInput[]) {
      const error = await refusal(input);
      expect(error.code).toBe("EMPTY_REPLAY");
      expect(error.hint).toMatch(/at least one epoch/);
    }
  });

  it("panel sequences over different epochs", async () => {
    const shorter = await refusal([range(0, 5).map(demo.featureSpace), range(0, 3).map(demo.losses)]);
    expect(shorter.code).toBe("EPOCH_MISMATCH");
    expect(describeError(shorter)).toBe(
      "Panel 2 ends after epoch 3 while panel 1 goes on to epoch 4. Compute every panel over the same epoch range.",
    );

    const shifted = await refusal([range(0, 3).map(demo.featureSpace), range(1, 4).map(demo.losses)]);
    expect(shifted.code).toBe("EPOCH_MISMATCH");
    expect(shifted.message).toMatch(/^Panel 2 \(loss-histogram\) is at epoch 1 in the figure of epoch 0\./);

    const figure = await refusal([{ epoch: 2, panels: [demo.featureSpace(2), demo.losses(3)] }]);
    expect(figure.code).toBe("EPOCH_MISMATCH");
  });

  it("panels that change from one epoch to the next", async () => {
    const changing = await refusal([demo.featureSpace(0), demo.losses(1)]);
    expect(changing.code).toBe("INCOMPATIBLE_PANELS");
    expect(changing.message).toMatch(/^Epoch 1 shows \[loss-histogram\] where epoch 0 shows \[feature-space\]\./);

    const figures: Figure[] = [
      { epoch: 0, panels: [demo.featureSpace(0), demo.losses(0)] },
      { epoch: 1, panels: [demo.losses(1), demo.featureSpace(1)] },
    ];
    expect((await refusal(figures)).code).toBe("INCOMPATIBLE_PANELS");
  });

  it("epochs out of order, twice, or not whole", async () => {
    expect((await refusal([0, 2, 1].map(demo.losses))).code).toBe("EPOCH_ORDER");
    expect((await refusal([1, 1].map(demo.losses))).code).toBe("EPOCH_ORDER");
    expect((await refusal([{ ...demo.losses(1), epoch: 1.5 }])).code).toBe("INVALID_FRAME");
  });

  it("things that are not frames, and frames whose parts do not fit", async () => {
    expect((await refusal([42 as unknown as Frame])).code).toBe("INVALID_INPUT");
    expect((await refusal(demo.losses(0) as unknown as ReplayInput)).code).toBe("INVALID_INPUT");
    expect((await refusal([{ kind: "heatmap", epoch: 0 } as unknown as Frame])).code).toBe("INVALID_INPUT");
    const broken = { ...demo.probabilities(0), correct: new Uint8Array(3) };
    const error = await refusal([broken]);
    expect(error.code).toBe("INVALID_FRAME");
    expect(error.message).toMatch(/one entry per input/);
  });

  it("bad options", async () => {
    const frames = () => [demo.losses(0)];
    for (const options of [
      { fps: 0 },
      { fps: Number.NaN },
      { fps: "fast" },
      { columns: 1.5 },
      { width: -10 },
      { title: 7 },
    ]) {
      expect((await refusal(frames(), options)).code).toBe("INVALID_OPTION");
    }
    const noOut = await writeReplayHtml(frames(), {} as never).catch((e: unknown) => e);
    expect(noOut).toMatchObject({ code: "INVALID_OPTION" });
  });

  it("stops the other panel sequences when one of them fails", async () => {
    let closed = false;
    function* features(): Generator<Frame> {
      try {
        for (const epoch of range(0, 5)) yield demo.featureSpace(epoch);
      } finally {
        closed = true;
      }
    }
    function* failing(): Generator<Frame> {
      yield demo.losses(0);
      throw new Error("replay failed at epoch 1");
    }
    await expect(renderReplayHtml([features(), failing()])).rejects.toThrow("replay failed at epoch 1");
    expect(closed).toBe(true);
  });
});

describe("writing", () => {
  it("writes one self-contained file and says what it wrote", async () => {
    const out = join(dir, "nested", "replay.html");
    const summary = await writeReplayHtml(slowly(range(0, 5).map(demo.featureSpace)), { out, title: "Written" });
    const html = await readFile(out, "utf8");
    expect(summary).toEqual({
      path: out,
      bytes: Buffer.byteLength(html),
      epochs: range(0, 5),
      kinds: ["feature-space"],
    });
    // Nothing to fetch in the markup and styles: no src or href attributes, no url(), and a policy
    // that forbids requests (the browser tests watch the script's requests).
    const markup = html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, "$1</script>");
    expect(markup.length).toBeLessThan(10_000);
    expect(markup).not.toMatch(/\s(src|href)\s*=/i);
    expect(markup).not.toMatch(/url\(/i);
    expect(html).toContain(`content="default-src 'none'`);
    expect(html).toContain("<title>Written</title>");
    const page = await readPageData(html);
    const frame = page.frame(5, 0) as ReturnType<typeof demo.featureSpace>;
    const original = demo.featureSpace(5);
    expect(Math.max(...frame.inputs.points.map((v, i) => Math.abs(v - original.inputs.points[i])))).toBeLessThan(
      2 / 65532,
    );
  });

  it("keeps a title that looks like markup as text", async () => {
    const title = `</script><script>alert("x")</script> & <b>bold</b>`;
    const html = await renderReplayHtml([demo.losses(0)], { title });
    // The manifest, the payload and the player: no other script element.
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html).toContain(
      "<title>&#60;/script&#62;&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;b&#62;bold&#60;/b&#62;</title>",
    );
    expect((await readPageData(html)).manifest.title).toBe(title);
  });

  it("leaves no file, and no half-written one, when the frames fail part-way", async () => {
    const out = join(dir, "failed.html");
    async function* failing(): AsyncGenerator<Frame> {
      yield demo.losses(0);
      yield demo.losses(1);
      throw new Error("the replay ran out of memory");
    }
    await expect(writeReplayHtml(failing(), { out })).rejects.toThrow("the replay ran out of memory");
    expect(await readdir(dir)).not.toContain("failed.html");
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("keeps a page already there when a new one is refused", async () => {
    const out = join(dir, "kept.html");
    await writeFile(out, "<p>the earlier replay</p>");
    await expect(writeReplayHtml([], { out })).rejects.toMatchObject({ code: "EMPTY_REPLAY" });
    expect(await readFile(out, "utf8")).toBe("<p>the earlier replay</p>");
  });

  it("reports a file it cannot write, and cleans up after itself", async () => {
    const out = join(dir, "a-folder.html");
    await mkdir(out);
    await expect(writeReplayHtml([demo.losses(0)], { out })).rejects.toMatchObject({ code: "WRITE_FAILED" });
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
