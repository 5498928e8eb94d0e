import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { ROOT } from "./run-cli.js";

const built = process.env.DEEPREPLAY_TEST_BUILT === "1";
const program = fileURLToPath(new URL(built ? "../dist/program.js" : "../src/program.ts", import.meta.url));
const flags = built ? [] : ["--conditions=@deepreplay/source", "--import", "tsx"];

describe("the command line's start-up", () => {
  test("parsing a command loads no tfjs, so an animation's rendering threads start before it does", () => {
    const script =
      `const { createRequire } = await import("node:module"); await import(${JSON.stringify(pathToFileURL(program).href)});` +
      `const loaded = Object.keys(createRequire(import.meta.url).cache);` +
      `process.stdout.write(JSON.stringify({ modules: loaded.length, tfjs: loaded.filter((path) => path.includes("@tensorflow")) }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, [...flags, "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" }),
    );
    expect(out.modules).toBeGreaterThan(0); // the CommonJS modules commander and cli-progress are there to see
    expect(out.tfjs).toEqual([]);
  });
});
