import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SHARED_FIXTURES, requireSharedFixture } from "../../../tools/testing/fixtures.js";
import { readDataset } from "@deepreplay/import";
import { deepreplay } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "deepreplay-cli-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KERAS = `${SHARED_FIXTURES}keras3/keras3-part1-keras/`;
const TORCH = `${SHARED_FIXTURES}pytorch/torch-part1/`;

describe("deepreplay import", () => {
  const have = requireSharedFixture("keras3") && requireSharedFixture("pytorch");

  it.runIf(have)(
    "imports a folder of .keras checkpoints, then inspect and data read the group like any recording",
    async () => {
      const out = join(dir, "runs.h5");
      const imported = await deepreplay([
        "import",
        `${KERAS}ckpt`,
        "--data",
        `${KERAS}data.npz`,
        "--history",
        `${KERAS}history.csv`,
        "--out",
        out,
        "--group",
        "keras3",
      ]);
      expect(imported).toMatchObject({ code: 0, stderr: "" });
      expect(imported.stdout).toMatch(
        /imported 21 checkpoints \(epochs 0\.\.20\) into .*runs\.h5, group keras3; series loss, accuracy, lr/,
      );
      expect(existsSync(join(dir, "keras3_model.h5"))).toBe(true);
      const inspected = await deepreplay(["inspect", out, "--json"]);
      const [group] = JSON.parse(inspected.stdout).groups;
      expect(group).toMatchObject({
        group: "keras3",
        epochs: { recorded: 20, completed: 20 },
        loss: "binary_crossentropy",
        metrics: ["accuracy"],
        series: ["loss", "accuracy", "lr"],
      });
      const data = await deepreplay(["data", out, "--group", "keras3", "loss-and-metric"]);
      const expected = JSON.parse(readFileSync(`${KERAS}expected.json`, "utf8"));
      const { loss, metric } = JSON.parse(data.stdout);
      loss.forEach((value: number, e: number) => expect(Math.abs(value - expected.loss[e])).toBeLessThan(1e-4));
      metric.forEach((value: number, e: number) => expect(Math.abs(value - expected.metric[e])).toBeLessThan(1e-4));
    },
  );

  it.runIf(have)("imports PyTorch state_dicts with --model model.onnx and --loss", async () => {
    const out = join(dir, "torch.h5");
    const result = await deepreplay([
      "import",
      ...readdirSync(`${TORCH}ckpt`).map((name) => `${TORCH}ckpt/${name}`),
      "--data",
      `${TORCH}data.npz`,
      "--model",
      `${TORCH}model.onnx`,
      "--loss",
      "binary_crossentropy",
      "--out",
      out,
      "--group",
      "torch",
    ]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("no training series (no --history)");
    // The series are in the file (Python deepreplay's training_loss reads them), NaN throughout: never logged.
    const inspected = await deepreplay(["inspect", out]);
    expect(inspected.stdout).toContain("series    none (recorded without a training log)");
    expect(inspected.stdout).not.toMatch(/diverged/);
  });

  it.runIf(have)(
    "imports a run as a regression with --loss mean_squared_error: mae and the loss as Keras computes them; the class views refuse it",
    async () => {
      const out = join(dir, "regression.h5");
      const args = [
        "import",
        `${TORCH}ckpt`,
        "--data",
        `${TORCH}data.npz`,
        "--model",
        `${TORCH}model.onnx`,
        "--loss",
        "mean_squared_error",
        "--out",
        out,
        "--group",
        "mse",
      ];
      expect(await deepreplay(args)).toMatchObject({ code: 0, stderr: "" });
      const { loss, metric, metricName } = JSON.parse((await deepreplay(["data", out, "loss-and-metric"])).stdout);
      expect(metricName).toBe("mae");
      // PyTorch's outputs per epoch (expected.json) against the targets: Keras' MSE and MAE of one output unit.
      const expected = JSON.parse(readFileSync(`${TORCH}expected.json`, "utf8"));
      const { y } = readDataset([{ name: "data.npz", bytes: readFileSync(`${TORCH}data.npz`) }]);
      expected.prob.forEach((prob: number[][], e: number) => {
        const errors = prob.map(([p], i) => p - y.data[i]);
        expect(Math.abs(loss[e] - errors.reduce((s, d) => s + d * d, 0) / errors.length)).toBeLessThan(1e-4);
        expect(Math.abs(metric[e] - errors.reduce((s, d) => s + Math.abs(d), 0) / errors.length)).toBeLessThan(1e-4);
      });
      const refused = await deepreplay([
        "plot",
        out,
        "probability-histogram",
        "--epoch",
        "3",
        "--out",
        join(dir, "p.png"),
      ]);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split("\n")).toHaveLength(1);
      expect(refused.stderr).toMatch(/mean_squared_error, a regression loss/);
      expect(existsSync(join(dir, "p.png"))).toBe(false);
    },
  );

  it.runIf(have)("a PyTorch history of the loss alone leaves the other series absent, not a diverged run", async () => {
    const out = join(dir, "torch-history.h5");
    const args = [
      "import",
      `${TORCH}ckpt`,
      "--data",
      `${TORCH}data.npz`,
      "--model",
      `${TORCH}model.onnx`,
      "--history",
      `${TORCH}history.csv`,
    ];
    expect(
      await deepreplay([...args, "--loss", "binary_crossentropy", "--out", out, "--group", "torch"]),
    ).toMatchObject({ code: 0, stderr: "" });
    const inspected = await deepreplay(["inspect", out]);
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).not.toMatch(/diverged/);
    const [group] = JSON.parse((await deepreplay(["inspect", out, "--json"])).stdout).groups;
    expect(group.firstNonFiniteEpoch).toBeNull();
  });

  it.runIf(have)("refuses bad input with one line naming the file, exit 1, nothing written", async () => {
    const folder = join(dir, "gappy");
    mkdirSync(folder);
    for (const e of ["00", "01", "03"]) copyFileSync(`${KERAS}ckpt/epoch${e}.keras`, join(folder, `epoch${e}.keras`));
    const out = join(dir, "refused.h5");
    const gap = await deepreplay(["import", folder, "--data", `${KERAS}data.npz`, "--out", out, "--group", "g"]);
    expect(gap.code).toBe(1);
    expect(gap.stderr.trim().split("\n")).toHaveLength(1);
    expect(gap.stderr).toMatch(/epoch01\.keras \(epoch 1\) to epoch03\.keras \(epoch 3\): epoch 2 is missing/);
    const torchWithoutLoss = await deepreplay([
      "import",
      `${TORCH}ckpt`,
      "--data",
      `${TORCH}data.npz`,
      "--model",
      `${TORCH}model.onnx`,
      "--out",
      out,
      "--group",
      "t",
    ]);
    expect(torchWithoutLoss.code).toBe(1);
    expect(torchWithoutLoss.stderr).toMatch(/epoch00\.pt: names no loss.*--loss/);
    expect(existsSync(out)).toBe(false);
    const usage = await deepreplay(["import", folder, "--out", out, "--group", "g"]);
    expect(usage.code).toBe(2);
  });
});

describe("deepreplay inspect of checkpoint and architecture files", () => {
  const have = requireSharedFixture("keras3") && requireSharedFixture("pytorch");

  it.runIf(have)(
    "prints the architecture it understood, layer by layer: .keras, legacy .h5, .onnx, .pt with and without --model",
    async () => {
      const keras = await deepreplay(["inspect", `${KERAS}ckpt/epoch05.keras`]);
      expect(keras.code).toBe(0);
      expect(keras.stdout).toMatch(/format {4}Keras \.keras model/);
      expect(keras.stdout).toMatch(/model {5}input \(2\), loss binary_crossentropy, optimizer SGD \(lr 0\.05\)/);
      expect(keras.stdout).toMatch(/0 hidden {2}Dense\(2\) {2}weights \(2, 2\) \(2\) {2}activation sigmoid/);
      expect(keras.stdout).toMatch(/1 output {2}Dense\(1\) {2}weights \(2, 1\) \(1\) {2}activation sigmoid/);
      const h5 = await deepreplay(["inspect", `${SHARED_FIXTURES}keras3/keras3-part1-h5/ckpt/epoch03.h5`, "--json"]);
      expect(JSON.parse(h5.stdout)).toMatchObject({
        format: "Keras HDF5 model",
        layers: [{ name: "hidden", weightShapes: [[2, 2], [2]] }, { name: "output" }],
      });
      const onnx = await deepreplay(["inspect", `${TORCH}model.onnx`]);
      expect(onnx.stdout).toMatch(
        /0 hidden {2}Dense\(2\) {2}weights \(2, 2\) \(2\) from hidden\.weight, hidden\.bias {2}activation sigmoid/,
      );
      const pt = await deepreplay(["inspect", `${TORCH}ckpt/epoch03.pt`]);
      expect(pt.stdout).toMatch(/hidden\.weight {2}\(2, 2\)/);
      const mapped = await deepreplay([
        "inspect",
        `${TORCH}ckpt/epoch03.pt`,
        "--model",
        `${TORCH}model.onnx`,
        "--json",
      ]);
      expect(JSON.parse(mapped.stdout).layers.map((l: { weightShapes: number[][] }) => l.weightShapes)).toEqual([
        [[2, 2], [2]],
        [[2, 1], [1]],
      ]);
    },
  );
});
