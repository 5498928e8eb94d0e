import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { serialize } from "node:v8";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DeepReplayError, Figure, Frame } from "@deepreplay/frames";
import { animate, startRenderingThreads, type AnimateOptions } from "../src/index.js";
import { expectRejects } from "./support/errors.js";
import { lossAndMetric, lossHistogram } from "./support/frames.js";
import { decodeGif, pixelAt, probeVideo, videoFrame } from "../../../tools/testing/images.js";
import { greenShare, splitSpace } from "./support/space.js";
import { BLOCK, epochColour } from "./support/test-plugins.js"; // registers the test plugins on this thread too

const testPlugins = [fileURLToPath(new URL("./support/test-plugins.ts", import.meta.url))];
/** Rendering on this thread with the test plugins registered by the import above. */
const inline = { threads: 0, plugins: [] };
const epochs = (n: number) => Array.from({ length: n }, (_, epoch) => lossAndMetric(epoch));

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "render-png-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** No output and no temporary file left in the folder. */
async function expectNothingWritten(dir: string, name: string) {
  const entries = await readdir(dir);
  expect(entries.filter((e) => e.includes(name))).toEqual([]);
}

describe("animate to GIF", () => {
  test("writes every frame in order, at the requested size and rate, rendered on worker threads", async () => {
    const out = join(folder, "ordered.gif");
    const progress: [number, number | undefined][] = [];
    const result = await animate(epochs(9), {
      out,
      fps: 3,
      width: 60,
      height: 40,
      threads: 2,
      plugins: testPlugins,
      onProgress: (done, total) => progress.push([done, total]),
    });
    const gif = decodeGif(await readFile(out));
    expect([gif.width, gif.height, gif.frames.length]).toEqual([60, 40, 9]);
    expect(result).toMatchObject({ format: "gif", frames: 9, width: 60, height: 40, path: out });
    gif.frames.forEach((frame, epoch) => {
      expect(pixelAt(frame, 30, 20), `epoch ${epoch}`).toEqual([...epochColour(epoch), 255]);
      expect(pixelAt(frame, BLOCK - 1, BLOCK - 1)).toEqual([0, 0, 0, 255]);
      expect(pixelAt(frame, BLOCK, BLOCK)).toEqual([...epochColour(epoch), 255]);
    });
    // 3 fps: 33, 33, 34 hundredths, repeating; 9 frames last exactly 3 s. Loops forever.
    expect(gif.delays).toEqual([33, 34, 33, 33, 34, 33, 33, 34, 33]);
    expect(gif.loopCount).toBe(0);
    expect(progress).toEqual(Array.from({ length: 9 }, (_, i) => [i + 1, 9]));
    expect(result.times.svg + result.times.raster + result.times.encode).toBeGreaterThan(0);
  });

  test("reads an async sequence lazily and renders on this thread with threads: 0", async () => {
    const out = join(folder, "lazy.gif");
    let pulled = 0;
    async function* replay() {
      for (let epoch = 0; epoch < 5; epoch++) {
        pulled++;
        yield lossAndMetric(epoch * 2);
      }
    }
    const progress: (number | undefined)[] = [];
    await animate(replay(), { out, ...inline, onProgress: (_, total) => progress.push(total) });
    expect(pulled).toBe(5);
    expect(progress).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const gif = decodeGif(await readFile(out));
    expect([gif.width, gif.height]).toEqual([64, 48]); // the plugin's own size
    expect(gif.frames.map((f) => pixelAt(f, 40, 40))).toEqual([0, 2, 4, 6, 8].map((e) => [...epochColour(e), 255]));
    expect(gif.delays).toEqual([20, 20, 20, 20, 20]); // default 5 fps
  });

  test("worker and in-thread rendering give the same file", async () => {
    const [a, b] = [join(folder, "threads.gif"), join(folder, "inline.gif")];
    await animate(epochs(4), { out: a, threads: 2, plugins: testPlugins, width: 33, height: 21 });
    await animate(epochs(4), { out: b, ...inline, width: 33, height: 21 });
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);
  });
});

describe("rendering threads started beforehand", () => {
  test("run each plugin's prepare() before drawing, draw animations side by side, and stay open until closed", async () => {
    const threads = startRenderingThreads({ threads: 2, plugins: testPlugins });
    const [a, b] = [join(folder, "shared-a.gif"), join(folder, "shared-b.gif")];
    try {
      const preparedOnly = [0, 1, 2].map((epoch) => lossHistogram(epoch, 30, "prepared only"));
      await Promise.all([
        animate(epochs(4), { out: a, width: 33, height: 21, renderingThreads: threads }),
        animate(preparedOnly, { out: b, renderingThreads: threads }),
      ]);
      const [gifA, gifB] = [decodeGif(await readFile(a)), decodeGif(await readFile(b))];
      expect(gifA.frames.map((frame) => pixelAt(frame, 20, 15))).toEqual(
        [0, 1, 2, 3].map((e) => [...epochColour(e), 255]),
      );
      expect([gifB.width, gifB.frames.length]).toEqual([30, 3]);
      expect((await animate(epochs(2), { out: a, renderingThreads: threads })).frames).toBe(2);
    } finally {
      await threads.close();
    }
    await expectRejects(animate(epochs(1), { out: a, renderingThreads: threads, threads: 1 }), "INVALID_OPTION");
  });

  test("refuse a thread count that is not a whole number of at least 0", () => {
    for (const threads of [-1, 1.5, Number.NaN])
      expect(() => startRenderingThreads({ threads })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
  });
});

describe("animate to MP4 through ffmpeg", () => {
  test("has every frame, the right duration and size, and the frames' colours", async () => {
    const out = join(folder, "movie.mp4");
    const result = await animate(epochs(12), { out, fps: 6, width: 64, height: 48, threads: 2, plugins: testPlugins });
    const probe = probeVideo(out);
    expect(probe).toMatchObject({ codec: "h264", width: 64, height: 48, frames: 12, frameRate: "6/1" });
    expect(probe.durationSeconds).toBeCloseTo(2, 2);
    expect(result).toMatchObject({ format: "mp4", frames: 12 });
    for (const epoch of [0, 5, 11]) {
      const frame = videoFrame(out, epoch, 64, 48);
      const [r, g, b] = pixelAt(frame, 40, 30);
      const [er, eg, eb] = epochColour(epoch);
      // H.264 in yuv420p is lossy: colours come back within a few levels.
      expect(Math.max(Math.abs(r - er), Math.abs(g - eg), Math.abs(b - eb)), `epoch ${epoch}`).toBeLessThanOrEqual(8);
    }
  });

  test("pads an odd size by one pixel (yuv420p needs even sides), and takes rates a GIF cannot", async () => {
    const out = join(folder, "odd.mp4");
    await animate(epochs(3), { out, fps: 60, width: 61, height: 41, ...inline });
    expect(probeVideo(out)).toMatchObject({ width: 62, height: 42, frames: 3, frameRate: "60/1" });
  });

  test("ffmpeg dying mid-stream: a typed error with its message, no file, no hang", async () => {
    // The one stand-in of these tests: a real ffmpeg answers -version, then "crashes" after 100 kB
    // of frames, a fault a healthy ffmpeg cannot be made to produce on cue.
    const crashing = join(folder, "crashing-ffmpeg");
    await writeFile(
      crashing,
      '#!/bin/sh\nif [ "$2" = "-version" ]; then exec ffmpeg "$@"; fi\nhead -c 100000 > /dev/null\necho "encoder crashed" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const out = join(folder, "crashed.mp4");
    const error = await expectRejects(animate(epochs(40), { out, ...inline, ffmpegPath: crashing }), "FFMPEG_FAILED");
    expect(error.message).toContain("encoder crashed");
    await expectNothingWritten(folder, "crashed");
  });

  test("without ffmpeg: a typed error naming the install step, before any work", async () => {
    const out = join(folder, "noffmpeg.mp4");
    let pulled = 0;
    const frames = (function* () {
      pulled++;
      yield lossAndMetric(0);
    })();
    const error = await expectRejects(
      animate(frames, { out, ...inline, ffmpegPath: "/nonexistent/bin/ffmpeg" }),
      "FFMPEG_NOT_FOUND",
    );
    expect((error as DeepReplayError).hint).toContain("apt-get install ffmpeg");
    expect(pulled).toBe(0);
    await expectNothingWritten(folder, "noffmpeg");

    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      await expectRejects(animate(epochs(1), { out, ...inline }), "FFMPEG_NOT_FOUND");
    } finally {
      process.env.PATH = path;
    }
  });
});

describe("output safety", () => {
  test("an unknown extension is refused, naming the supported ones", async () => {
    const error = await expectRejects(
      animate(epochs(2), { out: join(folder, "clip.webm"), ...inline }),
      "UNSUPPORTED_OUTPUT",
    );
    expect((error as DeepReplayError).hint).toContain(".gif");
    expect((error as DeepReplayError).hint).toContain(".mp4");
    await expectRejects(animate(epochs(2), { out: join(folder, "noextension"), ...inline }), "UNSUPPORTED_OUTPUT");
  });

  test("an unwritable path is refused before the first frame is read", async () => {
    let pulled = 0;
    const frames = (function* () {
      pulled++;
      yield lossAndMetric(0);
    })();
    await expectRejects(
      animate(frames, { out: join(folder, "missing", "folder", "a.gif"), ...inline }),
      "PATH_NOT_WRITABLE",
    );
    await mkdir(join(folder, "taken.gif"));
    await expectRejects(animate(frames, { out: join(folder, "taken.gif"), ...inline }), "PATH_NOT_WRITABLE");
    await writeFile(join(folder, "file"), "a file, not a folder");
    await expectRejects(animate(frames, { out: join(folder, "file", "a.gif"), ...inline }), "PATH_NOT_WRITABLE");
    expect(pulled).toBe(0);
  });

  test("a frame that fails on a worker keeps its error code, and leaves no file behind", async () => {
    const out = join(folder, "refused.gif");
    const frames = [0, 1, 2, 3, 4, 5].map((epoch) => lossHistogram(epoch, 30, epoch === 4 ? "refuse" : undefined));
    const error = await expectRejects(animate(frames, { out, threads: 2, plugins: testPlugins }), "INVALID_FRAME");
    expect(error.message).toContain("Frame 4");
    expect((error as DeepReplayError).hint).toBe("a test plugin refuses this frame");
    await expectNothingWritten(folder, "refused");
  });

  test("a frame too big for a worker's bounded heap is drawn again on workers with V8's default heap", async () => {
    const out = join(folder, "roomy.gif");
    const frames = [0, 1, 2, 3].map((epoch) => lossHistogram(epoch, 30, epoch === 1 ? "hold 300 MB" : undefined));
    expect((await animate(frames, { out, threads: 1, plugins: testPlugins })).frames).toBe(4);
    const gif = decodeGif(await readFile(out));
    expect(gif.frames.map((frame) => pixelAt(frame, 15, 10))).toEqual(Array(4).fill([128, 128, 128, 255]));
  });

  test("a rendering thread that dies fails the animation with a typed error, and leaves no file", async () => {
    const out = join(folder, "ended.gif");
    const frames = [lossHistogram(0, 30), lossHistogram(1, 30, "end the thread"), lossHistogram(2, 30)];
    const error = await expectRejects(animate(frames, { out, threads: 1, plugins: testPlugins }), "WORKER_FAILED");
    expect(error.message).toContain("7");
    await expectNothingWritten(folder, "ended");
  });

  test("a failure keeps an existing file as it was", async () => {
    const out = join(folder, "kept.mp4");
    await writeFile(out, "previous animation");
    const frames = [lossHistogram(0, 30), lossHistogram(1, 30, "refuse")];
    await expectRejects(animate(frames, { out, ...inline }), "INVALID_FRAME");
    expect(await readFile(out, "utf8")).toBe("previous animation");
    expect((await readdir(folder)).filter((e) => e.includes("kept"))).toEqual(["kept.mp4"]);
  });

  test("a sequence that throws midway leaves no file behind", async () => {
    const out = join(folder, "broken.gif");
    async function* replay() {
      yield lossAndMetric(0);
      yield lossAndMetric(1);
      throw new Error("the replay broke");
    }
    await expect(animate(replay(), { out, threads: 2, plugins: testPlugins })).rejects.toThrow("the replay broke");
    await expectNothingWritten(folder, "broken");
  });

  test("frames of different sizes, no frames, bad items and bad options get typed errors", async () => {
    const out = join(folder, "bad.gif");
    const sizes = [lossHistogram(0, 30), lossHistogram(1, 31)];
    await expectRejects(animate(sizes, { out, ...inline }), "FRAME_SIZE_MISMATCH");
    await expectRejects(animate([], { out, ...inline }), "NO_FRAMES");
    await expectRejects(animate([{ epoch: 1 } as unknown as Frame], { out, ...inline }), "INVALID_FRAME");
    const bad: Partial<AnimateOptions>[] = [
      { fps: 0 },
      { fps: 60 },
      { fps: Number.NaN },
      { threads: -1 },
      { threads: 1.5 },
      { width: 0 },
      { height: 2.5 },
      { scale: 0 },
    ];
    for (const options of bad) {
      await expectRejects(animate(epochs(1), { out, ...inline, ...options }), "INVALID_OPTION");
    }
    await expectNothingWritten(folder, "bad");
  });

  test("a frame kind without a renderer, and a plugin module that cannot be imported, get typed errors", async () => {
    const out = join(folder, "unrendered.gif");
    const unknownKind = { ...lossAndMetric(0), kind: "scatter-3d" } as unknown as Frame;
    const error = await expectRejects(animate([unknownKind], { out, threads: 1, plugins: testPlugins }), "NO_RENDERER");
    expect(error.message).toContain('"scatter-3d"');
    await expectRejects(
      animate(epochs(1), { out, threads: 1, plugins: ["@deepreplay/no-such-plugin"] }),
      "PLUGIN_IMPORT_FAILED",
    );
    await expectNothingWritten(folder, "unrendered");
  });
});

describe("animations of real frames, drawn by render-svg on worker threads", () => {
  test("a feature-space GIF whose boundary moves epoch by epoch", async () => {
    const out = join(folder, "feature-space.gif");
    const splits = [0.2, 0.4, 0.6, 0.8];
    await animate(
      splits.map((split, epoch) => splitSpace(epoch, split)),
      { out, width: 300, height: 300, threads: 2 },
    );
    const gif = decodeGif(await readFile(out));
    expect([gif.width, gif.height, gif.frames.length]).toEqual([300, 300, 4]);
    gif.frames.forEach((frame, epoch) => expect(greenShare(frame), `epoch ${epoch}`).toBeCloseTo(splits[epoch], 2));
  });

  // `npm test` builds first (DEEPREPLAY_TEST_BUILT=1). The built package runs in a process of its
  // own, as users run it: this one resolves the workspace to its TypeScript sources.
  test.runIf(process.env.DEEPREPLAY_TEST_BUILT === "1")(
    "the built rendering thread (render-svg bundled into dist/worker.bundle.js) draws the file the sources draw",
    async () => {
      const frames = [0.3, 0.5, 0.7].map((split, epoch) => splitSpace(epoch, split));
      const [fromBundle, fromSources, input] = ["bundle.gif", "sources.gif", "frames.bin"].map((f) => join(folder, f));
      await writeFile(input, serialize(frames));
      const script = `
        import { readFileSync } from "node:fs";
        import { deserialize } from "node:v8";
        const { animate } = await import(${JSON.stringify(new URL("../dist/animations.js", import.meta.url).href)});
        await animate(deserialize(readFileSync(${JSON.stringify(input)})), { out: ${JSON.stringify(fromBundle)}, width: 240, height: 200, threads: 1 });
        process.exit(0);`;
      await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script]);
      await animate(frames, { out: fromSources, width: 240, height: 200, threads: 1 });
      expect((await readFile(fromBundle)).equals(await readFile(fromSources))).toBe(true);
      expect(decodeGif(await readFile(fromBundle)).frames).toHaveLength(3);
    },
  );

  test("figures (compose_animations): two panels per epoch, to MP4", async () => {
    const out = join(folder, "figures.mp4");
    const figures: Figure[] = [0, 1, 2].map((epoch) => ({
      title: "Hidden",
      epoch,
      panels: [splitSpace(epoch, 0.3 + 0.1 * epoch), splitSpace(epoch, 0.7 - 0.1 * epoch)],
    }));
    await animate(figures, { out, fps: 2, width: 640, height: 360, threads: 2 });
    expect(probeVideo(out)).toMatchObject({ width: 640, height: 360, frames: 3, frameRate: "2/1" });
    for (const epoch of [0, 2]) {
      const frame = videoFrame(out, epoch, 640, 360);
      // H.264 blurs colour edges and shifts levels a little: a looser match than for lossless images.
      expect(greenShare(frame, 0, 320, 12), `epoch ${epoch} left`).toBeCloseTo(0.3 + 0.1 * epoch, 1);
      expect(greenShare(frame, 320, 640, 12), `epoch ${epoch} right`).toBeCloseTo(0.7 - 0.1 * epoch, 1);
    }
  });
});
