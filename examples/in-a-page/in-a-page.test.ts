/**
 * The library in a real page: main.ts bundled by esbuild for the browser (from dist/ when the
 * packages are built, else from source), served with the tfjs .wasm files beside it by a loopback
 * server, and run in Debian's Chromium. Its numbers must be those Node computes from the same file.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { JSDOM } from "jsdom";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openReplay, type Replay } from "@deepreplay/core";
import { openRecording } from "@deepreplay/recorder";
import { fixturePath, requirePythonFixtures } from "../../tools/testing/fixtures.js";
import { launch, requireChromium } from "../../tools/testing/chromium.js";
import { drawnFrame, GROUP, replayNumbers } from "./main.js";

type Example = typeof import("./main.js");
const here = dirname(fileURLToPath(import.meta.url));
const REPLAY_FILE = "hyperparms_in_action.h5";
const MODEL_FILE = `${GROUP}_model.h5`;

const have = requirePythonFixtures() && requireChromium();

/** The page's folder: index.html, the bundle and tfjs' .wasm files beside it. */
async function bundlePage(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), "deepreplay-in-a-page-"));
  await build({
    entryPoints: [join(here, "main.ts")],
    outdir: out,
    bundle: true,
    format: "esm",
    platform: "browser",
    // Built packages are bundled as published (dist/); otherwise from source.
    conditions: process.env.DEEPREPLAY_TEST_BUILT === "1" ? [] : ["@deepreplay/source"],
    logLevel: "silent",
  });
  copyFileSync(join(here, "index.html"), join(out, "index.html"));
  const wasm = dirname(fileURLToPath(import.meta.resolve("@tensorflow/tfjs-backend-wasm")));
  for (const name of readdirSync(wasm).filter((name) => name.endsWith(".wasm")))
    copyFileSync(join(wasm, name), join(out, name));
  return out;
}

const TYPES: Record<string, string> = {
  html: "text/html",
  js: "text/javascript",
  wasm: "application/wasm",
  h5: "application/x-hdf5",
};

/** Serves the page's folder and the two fixture files, and nothing else. */
function serve(folder: string): Promise<Server> {
  const files = new Map(readdirSync(folder).map((name) => [`/${name}`, join(folder, name)]));
  files.set("/", join(folder, "index.html"));
  for (const name of [REPLAY_FILE, MODEL_FILE]) files.set(`/fixtures/${name}`, fixturePath(name));
  // The .wasm files once more, elsewhere, for wasmPath.
  for (const name of readdirSync(folder).filter((name) => name.endsWith(".wasm")))
    files.set(`/tfjs/${name}`, join(folder, name));
  const server = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? "/", "http://localhost").pathname);
    if (!file) return void response.writeHead(404).end();
    response
      .writeHead(200, { "content-type": TYPES[file.split(".").pop()!] ?? "application/octet-stream" })
      .end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Numbers equal within `tolerance`, everything else equal; the path of the first difference otherwise. */
function difference(got: unknown, want: unknown, tolerance: number, path = "$"): string | undefined {
  if (typeof want === "number" && typeof got === "number") {
    const same = Number.isNaN(want) ? Number.isNaN(got) : Math.abs(got - want) <= tolerance;
    return same ? undefined : `${path}: ${got} vs ${want}`;
  }
  if (Array.isArray(want) && Array.isArray(got)) {
    if (got.length !== want.length) return `${path}: length ${got.length} vs ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const found = difference(got[i], want[i], tolerance, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (want && typeof want === "object" && got && typeof got === "object") {
    const keys = Object.keys(want);
    if (Object.keys(got).sort().join() !== [...keys].sort().join())
      return `${path}: keys ${Object.keys(got)} vs ${keys}`;
    for (const key of keys) {
      const found = difference(
        (got as Record<string, unknown>)[key],
        (want as Record<string, unknown>)[key],
        tolerance,
        `${path}.${key}`,
      );
      if (found) return found;
    }
    return undefined;
  }
  return Object.is(got, want) ? undefined : `${path}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`;
}

describe.skipIf(!have)("example: the library in a page (esbuild bundle, Chromium)", () => {
  let folder: string;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let node: Replay;
  const warnings: string[] = [];
  const errors: string[] = [];

  const requests: string[] = [];

  async function open(): Promise<Page> {
    const opened = await browser.newPage();
    opened.on("request", (request) => requests.push(new URL(request.url()).pathname));
    opened.on("console", (message) =>
      (message.type() === "warning" ? warnings : message.type() === "error" ? errors : []).push(message.text()),
    );
    opened.on("pageerror", (error) => errors.push(error.message));
    await opened.goto(`${origin}/`);
    await opened.waitForSelector("html[data-ready]");
    return opened;
  }

  beforeAll(async () => {
    folder = await bundlePage();
    server = await serve(folder);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch();
    page = await open();
    node = await openReplay(
      await openRecording(fixturePath(REPLAY_FILE), GROUP, { modelPath: fixturePath(MODEL_FILE) }),
    );
  });

  afterAll(async () => {
    node?.close();
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("opens the Python file and its model from bytes and replays it on WASM with the numbers Node gives", async () => {
    // As JSON: the protocol carries one string far faster than a tree of numbers.
    const got = JSON.parse(
      await page.evaluate(async () => {
        const { showEpoch10, replayNumbers } = (window as unknown as { example: Example }).example;
        return JSON.stringify(replayNumbers(await showEpoch10()));
      }),
    );
    expect(got.backend).toBe("wasm");
    // tfjs' .wasm came from beside the bundle.
    expect(requests.filter((path) => path.endsWith(".wasm"))).toEqual([
      expect.stringMatching(/^\/tfjs-backend-wasm[a-z-]*\.wasm$/),
    ]);
    // The snippet drew epoch 10's feature space (titled "Epoch: 10") into the page.
    expect(await page.locator("body > svg").count()).toBe(1);
    expect(await page.locator("body > svg text", { hasText: "Epoch: 10" }).count()).toBe(1);
    expect(difference(got, JSON.parse(JSON.stringify(replayNumbers(node))), 1e-6)).toBeUndefined();

    // And the numbers Python's Keras model gives (expected.json, computed with numpy).
    const expected = JSON.parse(readFileSync(fixturePath("expected.json"), "utf8"));
    const { lossAndMetric, featureSpace } = got as {
      lossAndMetric: { loss: number[]; metric: number[] };
      featureSpace: { bentContour: unknown };
    };
    expect(difference(lossAndMetric.loss, expected.loss_and_acc.loss, expected.tolerance)).toBeUndefined();
    expect(difference(lossAndMetric.metric, expected.loss_and_acc.acc, expected.tolerance)).toBeUndefined();
    expect(
      difference(featureSpace.bentContour, expected.feature_space.bent_contour, expected.tolerance),
    ).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it("draws a frame with the page's document as Node draws it with jsdom", async () => {
    const got = await page.evaluate(async () => {
      const { showEpoch10, drawnFrame } = (window as unknown as { example: Example }).example;
      return drawnFrame(await showEpoch10(), document);
    });
    expect(got.tag.toLowerCase()).toBe("svg");
    expect(got.texts).toEqual(expect.arrayContaining(["Negative Cases - Epoch: 10", "Positive Cases - Epoch: 10"]));
    expect(got).toEqual(drawnFrame(node, new JSDOM("").window.document));
  });

  it("records a tfjs-layers run into HDF5 bytes in the page and reads them back", async () => {
    const got = await page.evaluate(async () => (window as unknown as { example: Example }).example.recordIntoBytes(3));
    expect(got.groups).toEqual(["in-a-page"]);
    expect(got.completedEpochs).toBe(3);
    expect(difference(got.recordedLoss, got.loss, 1e-6)).toBeUndefined();
    expect(difference(got.recordedWeights, got.weights, 0)).toBeUndefined();
    expect(got.bytes).toBeGreaterThan(1000);
  });

  it("takes tfjs' .wasm files from wasmPath when given", async () => {
    const fresh = await open();
    requests.length = 0;
    const backend = await fresh.evaluate(
      async ([replayUrl, modelUrl]) => {
        const { replayFromBytes, activeBackend } = (window as unknown as { example: Example }).example;
        const [replayFile, modelFile] = await Promise.all(
          [replayUrl, modelUrl].map(async (url) => (await fetch(url)).arrayBuffer()),
        );
        await replayFromBytes(replayFile, modelFile, { wasmPath: "/tfjs/" });
        return activeBackend();
      },
      [`/fixtures/${REPLAY_FILE}`, `/fixtures/${MODEL_FILE}`],
    );
    expect(backend).toBe("wasm");
    const wasm = requests.filter((path) => path.endsWith(".wasm"));
    expect(wasm.length).toBeGreaterThan(0);
    expect(wasm.every((path) => path.startsWith("/tfjs/"))).toBe(true);
    await fresh.close();
  });

  it("refuses a path and a damaged file in the page with typed errors, and falls back to the CPU backend with one warning", async () => {
    const fresh = await open();
    const urls = [`/fixtures/${REPLAY_FILE}`, `/fixtures/${MODEL_FILE}`];
    const refused = await fresh.evaluate(async ([replayUrl, modelUrl]) => {
      const { replayFromBytes } = (window as unknown as { example: Example }).example;
      const [replayFile, modelFile] = await Promise.all(
        [replayUrl, modelUrl].map(async (url) => (await fetch(url)).arrayBuffer()),
      );
      const refusal = (error: { code: string; message: string }) => ({ code: error.code, message: error.message });
      return {
        path: await replayFromBytes(replayUrl as never, modelFile).catch(refusal),
        truncated: await replayFromBytes(replayFile.slice(0, 4000), modelFile).catch(refusal),
      };
    }, urls);
    expect(refused.path).toEqual({
      code: "PATHS_NEED_NODE",
      message: expect.stringContaining("in a browser, pass their bytes"),
    });
    expect(refused.truncated).toEqual({ code: "CORRUPT_HDF5", message: expect.stringContaining("is damaged") });
    // The HDF5 library's own printout stays off the console.
    expect(errors).toEqual([]);

    const backend = await fresh.evaluate(async ([replayUrl, modelUrl]) => {
      const { replayFromBytes, activeBackend } = (window as unknown as { example: Example }).example;
      const [replayFile, modelFile] = await Promise.all(
        [replayUrl, modelUrl].map(async (url) => (await fetch(url)).arrayBuffer()),
      );
      await replayFromBytes(replayFile, modelFile, { wasmPath: "/nowhere/" });
      return activeBackend();
    }, urls);
    expect(backend).toBe("cpu");
    const fallback = warnings.filter((warning) => warning.includes("@deepreplay/core"));
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatch(
      /WASM backend could not start from \/nowhere\/ .*falling back to the slower CPU backend/,
    );
    await fresh.close();
  });
});
