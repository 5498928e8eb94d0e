/**
 * Benchmark: @deepreplay/core's loss landscape of the Part 1 model (the parabola data set's 2000
 * inputs; hidden = Dense(2, sigmoid), output = Dense(1, sigmoid)) over a 150-epoch recording trained
 * here in memory: the directions from all 151 epochs' weights, the trajectory, and the mean loss
 * over all inputs on the K × K grid, batched on tfjs-core's WASM backend. The issue's target: at
 * most 1 s for K = 31. Prints the best and median of --runs, after one warm-up run, and the host's
 * CPU steal meanwhile.
 *
 *   node --conditions=@deepreplay/source --import tsx tools/bench/loss-landscape.ts [--points 31] [--epochs 150] [--runs 5]
 */
import { parseArgs } from "node:util";
import { activeBackend, initBackend, lossLandscape, openReplay } from "@deepreplay/core";
import { measureSteal } from "./support/host.js";
import { parabolaRecording, trainParabolaInChild } from "./support/parabola-recording.js";

const { values: args } = parseArgs({
  options: {
    points: { type: "string", default: "31" },
    epochs: { type: "string", default: "150" },
    runs: { type: "string", default: "5" },
  },
});
const points = Number(args.points);
const runs = Number(args.runs);

await initBackend();
const replay = await openReplay(parabolaRecording(await trainParabolaInChild(Number(args.epochs))));

lossLandscape(replay, { points });
const steal = measureSteal();
const times: number[] = [];
let minimum = Infinity;
for (let run = 0; run < runs; run++) {
  const start = performance.now();
  const landscape = lossLandscape(replay, { points });
  times.push(performance.now() - start);
  minimum = Math.min(...landscape.loss);
}
times.sort((a, b) => a - b);
const stolen = steal();

console.log(
  `loss landscape, backend ${activeBackend()}: ${replay.epochs().length} epochs, ${replay.targetClasses.length} inputs, ${points} x ${points} grid`,
);
console.log(
  `  best ${times[0].toFixed(1)} ms, median ${times[Math.floor(runs / 2)].toFixed(1)} ms over ${runs} runs (lowest loss on the grid ${minimum.toFixed(4)})`,
);
if (stolen !== undefined) console.log(`  host CPU steal during the runs: ${stolen.toFixed(1)} %`);
