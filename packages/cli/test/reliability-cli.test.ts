import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { decode } from "fast-png";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDeepReplayError } from "@deepreplay/frames";
import { openRecording } from "@deepreplay/recorder";
import { initBackend, lossAndMetricData, openReplay } from "@deepreplay/core";
import { run } from "@deepreplay/cli";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { FIRST_DIVERGED_EPOCH, recordDivergedRun } from "../../core/test/reliability-diverged-run.js";
import {
  FUZZ_CASES,
  FUZZ_SEED,
  pythonSource,
  seededRandom,
  writeFuzzCases,
  writeRecorderSource,
  type FuzzCase,
} from "../../core/test/reliability-mutations.js";
import { deepreplay, type CliResult } from "./run-cli.js";

/** Runs the real command on several argument vectors, two processes at a time (the machine has two cores). */
async function deepreplayAll(argvs: readonly string[][]): Promise<CliResult[]> {
  const results: CliResult[] = new Array(argvs.length);
  let next = 0;
  const worker = async () => {
    while (next < argvs.length) {
      const i = next++;
      results[i] = await deepreplay(argvs[i]);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/** A stack frame, or run()'s wording for an error it did not expect. */
const STACK = /^\s+at \S.*:\d+|\(unexpected; run with --debug/m;

/** A failure as the command line must report it: exit 1, one line on stderr, no stack. */
function expectOneLineFailure({ code, stderr }: CliResult, context: string): void {
  expect(code, context).toBe(1);
  expect(stderr.split("\n").filter(Boolean), context).toHaveLength(1);
  expect(stderr, context).toMatch(/^error: /);
  expect(stderr, context).not.toMatch(STACK);
}

const haveFixtures = requirePythonFixtures();

describe.runIf(haveFixtures)("deepreplay on fuzzed replay files (a sample of the in-process fuzz run)", () => {
  // Each process loads the command from source (a few seconds): a sample, the library runs them all.
  const SAMPLE = 12;
  let dir: string;
  let sample: FuzzCase[];

  beforeAll(async () => {
    await initBackend();
    dir = mkdtempSync(join(tmpdir(), "deepreplay-cli-fuzz-"));
    const cases = await writeFuzzCases(dir, [pythonSource(fixturePath), await writeRecorderSource(dir)], {
      seed: FUZZ_SEED,
      count: FUZZ_CASES,
    });
    const stride = Math.floor(FUZZ_CASES / SAMPLE);
    sample = cases.filter((_, i) => i % stride === 7).slice(0, SAMPLE);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What the library makes of a case: `inspect` reads every epoch's weights and series, `data` replays too. */
  async function libraryOutcome(
    fuzzCase: FuzzCase,
    command: "inspect" | "data",
  ): Promise<{ epochs: number } | { message: string }> {
    try {
      const recording = await openRecording(fuzzCase.replayPath, undefined, { modelPath: fuzzCase.modelPath });
      try {
        if (command === "data") return { epochs: lossAndMetricData(await openReplay(recording)).loss.length };
        for (let epoch = 0; epoch <= recording.info.completedEpochs; epoch++) recording.weights(epoch);
        for (const name of recording.info.series) recording.series(name);
        return { epochs: recording.info.completedEpochs + 1 };
      } finally {
        recording.close();
      }
    } catch (error) {
      expect(isDeepReplayError(error), String(error)).toBe(true);
      return { message: (error as Error).message.split("\n")[0] };
    }
  }

  it(`answers each of ${SAMPLE} cases as the library does: exit 0 with the result, or exit 1 with one line`, async () => {
    // inspect and data in turn, Python's files with --model as their model file may be the damaged one.
    const command = (i: number) => (i % 2 === 0 ? "data" : "inspect");
    const argv = (c: FuzzCase, i: number) => [
      command(i),
      c.replayPath,
      ...(command(i) === "data" ? ["loss-and-metric"] : ["--json"]),
      ...(c.modelPath ? ["--model", c.modelPath] : []),
    ];
    const results = await deepreplayAll(sample.map(argv));
    const outcomes = { answered: 0, refused: 0 };
    for (const [i, fuzzCase] of sample.entries()) {
      const context = `${command(i)}, case ${fuzzCase.index} (${fuzzCase.fault}: ${fuzzCase.detail})`;
      const expected = await libraryOutcome(fuzzCase, command(i));
      if ("epochs" in expected) {
        expect(results[i].code, `${context}: ${results[i].stderr}`).toBe(0);
        const printed = JSON.parse(results[i].stdout);
        if (command(i) === "data") expect(printed.loss, context).toHaveLength(expected.epochs);
        else expect(printed.groups[0].epochs.completed + 1, context).toBe(expected.epochs);
        outcomes.answered++;
      } else {
        expectOneLineFailure(results[i], context);
        expect(results[i].stderr, context).toContain(expected.message.slice(0, 40));
        outcomes.refused++;
      }
    }
    // The sample holds both outcomes, or it would not test much.
    expect(outcomes.answered).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 180_000);
});

/** Captures what a command writes; not a terminal, so no progress bars. */
function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe("deepreplay on random argument vectors", () => {
  const COMMANDS = ["inspect", "data", "plot", "animate", "demo", "replay", "", "--bogus", "help"];
  const FLAGS = [
    "--epochs",
    "--epoch",
    "-e",
    "--group",
    "--model",
    "--layer",
    "--contour-points",
    "--xlim",
    "--ylim",
    "--metric",
    "--layers",
    "--width",
    "--height",
    "--fps",
    "--columns",
    "-o",
    "--out",
    "--title",
    "--json",
    "--no-scale-fixed",
    "--frobnicate",
    "-z",
    "--",
  ];
  const VALUES = [
    "",
    "-1",
    "0",
    "1",
    "2.5",
    "1e9",
    "NaN",
    "Infinity",
    "3..1",
    "a..b",
    "0..",
    "..4",
    "1,2",
    "x,y",
    "2,1",
    "feature-space",
    "loss-histogram",
    "pie-chart",
    "out.svg",
    "out.gif",
    "out.txt",
    "/nonexistent/dir/out.png",
    "ü∂ß",
    "$(rm -rf /)",
    "%s%n",
    "\u0000",
  ];
  const FILES = ["/nonexistent/replay.h5", fixturePath("README.md"), tmpdir()];

  /** Argument vectors that never reach a long computation: missing files, bad values, unknown words. */
  function randomArgv(random: () => number): string[] {
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const argv = [pick(COMMANDS)].filter(Boolean);
    if (argv[0] === "demo") argv.push("--frobnicate");
    const length = Math.floor(random() * 7);
    for (let i = 0; i < length; i++) {
      const roll = random();
      argv.push(roll < 0.35 ? pick(FLAGS) : roll < 0.7 ? pick(VALUES) : pick(FILES));
    }
    return argv;
  }

  it("never prints a stack: usage errors exit 2, failures 1, each with one line on stderr", async () => {
    const random = seededRandom(FUZZ_SEED);
    const byCode = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      const argv = randomArgv(random);
      const [stdout, stderr] = [sink(), sink()];
      const code = await run(argv, { stdout: stdout.stream, stderr: stderr.stream });
      const context = JSON.stringify(argv);
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
      expect([0, 1, 2], context).toContain(code);
      expect(stderr.text(), context).not.toMatch(STACK);
      if (code !== 0 && !stderr.text().startsWith("Usage: deepreplay")) {
        expect(stderr.text().split("\n").filter(Boolean), context).toHaveLength(1);
        expect(stderr.text(), context).toMatch(/^error: /);
      }
      // No command (or help on an unknown one): the usage on stderr, exit 2.
      if (stderr.text().startsWith("Usage: deepreplay")) expect(code, context).toBe(2);
      // An unknown command, or an unknown option before "--", is a usage error whatever follows it ("help" shows help).
      const options = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : undefined);
      if (
        ["replay", "--bogus"].includes(argv[0]) ||
        (argv[0] !== "help" && (options.includes("--frobnicate") || options.includes("-z")))
      ) {
        expect(code, context).toBe(2);
      }
    }
    expect(byCode.get(2)).toBeGreaterThan(100);
    expect(byCode.get(1)).toBeGreaterThan(0);
  }, 60_000);

  it("exits 2 for a usage error and 1 for a missing file in a real process, one line each", async () => {
    const [usage, missing] = await deepreplayAll([
      ["plot", "/nonexistent/replay.h5", "pie-chart", "-o", "out.svg"],
      ["data", "/nonexistent/replay.h5", "loss-histogram"],
    ]);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split("\n")).toHaveLength(1);
    expectOneLineFailure(missing, "missing file");
    expect(missing.stderr).toContain("/nonexistent/replay.h5");
  }, 60_000);
});

describe("deepreplay on a diverged run", () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    await initBackend();
    dir = mkdtempSync(join(tmpdir(), "deepreplay-cli-diverged-"));
    path = join(dir, "diverged.h5");
    await recordDivergedRun(path);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Pixels of the note's red (#c00000) in a PNG. */
  function notePixels(png: string): number {
    const { data, channels } = decode(readFileSync(png));
    let count = 0;
    for (let i = 0; i < data.length; i += channels) {
      if (Math.abs(data[i] - 0xc0) < 12 && data[i + 1] < 12 && data[i + 2] < 12) count++;
    }
    return count;
  }

  /** The command in this process (its code path, without a process' start-up). */
  async function deepreplayHere(argv: string[]): Promise<CliResult> {
    const [stdout, stderr] = [sink(), sink()];
    const code = await run(argv, { stdout: stdout.stream, stderr: stderr.stream });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  }

  it("inspect reports the first non-finite epoch; plot draws the diverged epochs with a visible note", async () => {
    const svg = join(dir, "epoch4.svg");
    const [pngDiverged, pngFinite] = [join(dir, "epoch4.png"), join(dir, "epoch2.png")];
    const kinds = ["loss-histogram", "loss-and-metric", "decision-boundary"];
    const results = [];
    for (const argv of [
      ["inspect", path],
      ["inspect", path, "--json"],
      ["plot", path, ...kinds, "--epoch", "4", "-o", svg],
      ["plot", path, ...kinds, "--epoch", "4", "-o", pngDiverged],
      ["plot", path, ...kinds, "--epoch", "2", "-o", pngFinite],
    ]) {
      results.push(await deepreplayHere(argv));
    }
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, stderr: "" });
    const [inspected, json] = results;

    expect(inspected.stdout).toContain(`diverged  from epoch ${FIRST_DIVERGED_EPOCH}`);
    expect(JSON.parse(json.stdout).groups[0].firstNonFiniteEpoch).toBe(FIRST_DIVERGED_EPOCH);

    // Every panel of the diverged epoch carries the note, in words.
    const text = readFileSync(svg, "utf8");
    expect(text.match(/non-finite values: training diverged/g)).toHaveLength(kinds.length);
    expect(text).toContain("Epoch 4: the weights hold NaN or infinite values");
    // In the PNG, the note is drawn where the finite epoch has none of its colour (but for a few
    // anti-aliased pixels where the red loss curve crosses a black axis).
    expect(notePixels(pngDiverged)).toBeGreaterThan(200);
    expect(notePixels(pngFinite)).toBeLessThan(10);
  }, 120_000);
});
