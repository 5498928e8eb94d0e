/**
 * Benchmark: `importRun` of the Part 1 run Keras 3 saved (../shared/fixtures/keras3/keras3-part1-keras:
 * 21 `.keras` checkpoints, epochs 0..20, the data and the CSV log) into a new HDF5 file with its
 * Keras model file, wall time per import. The issue's target: at most 2 s for 20 checkpoints. The
 * checkpoints are handed over lazily (each `bytes` a getter reading the file, as the CLI does): the
 * import reads one at a time, writes it, and lets it go. Prints the best and median wall time of
 * --runs after a warm-up, the peak RSS, and the host's CPU steal meanwhile.
 *
 *   node --conditions=@deepreplay/source --import tsx tools/bench/import-keras.ts [--runs 5]
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { importRun } from "@deepreplay/import/node";
import { SHARED_FIXTURES } from "../testing/fixtures.js";
import { measureSteal } from "./support/host.js";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(args.runs);
const run = `${SHARED_FIXTURES}keras3/keras3-part1-keras/`;
const dir = mkdtempSync(join(tmpdir(), "bench-import-keras-"));

/** The checkpoints as names whose bytes are read from disk only when the import asks for them. */
function lazyCheckpoints() {
  return readdirSync(`${run}ckpt`).map((name) => ({
    name,
    get bytes() {
      return readFileSync(`${run}ckpt/${name}`);
    },
  }));
}

async function once(index: number): Promise<number> {
  const start = performance.now();
  await importRun({
    checkpoints: lazyCheckpoints(),
    data: [{ name: "data.npz", bytes: readFileSync(`${run}data.npz`) }],
    history: { name: "history.csv", bytes: readFileSync(`${run}history.csv`) },
    out: join(dir, `run${index}.h5`),
    group: "keras3",
  });
  return performance.now() - start;
}

try {
  await once(-1); // warm-up: h5wasm, the first compile of every path
  const steal = measureSteal();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(await once(i));
  }
  times.sort((a, b) => a - b);
  const checkpoints = readdirSync(`${run}ckpt`).length;
  console.log(
    `import of ${checkpoints} Part-1 .keras checkpoints (epochs 0..${checkpoints - 1}) + data + history -> HDF5 + model file`,
  );
  console.log(
    `  wall: best ${times[0].toFixed(0)} ms, median ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${runs} runs (target <= 2000 ms for 20)`,
  );
  console.log(
    `  per checkpoint: ${(times[0] / checkpoints).toFixed(1)} ms best; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  const stolen = steal();
  console.log(`  host CPU steal during the runs: ${stolen === undefined ? "unknown" : `${stolen.toFixed(1)}%`}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
