/**
 * Benchmark: `deepreplay serve`'s server under load on loopback: 50 clients, each on a kept-alive
 * connection of its own, requesting the page, its script, the recordings' list and a 150-epoch
 * Part 1 recording round and round for 10 s. Prints requests, failures, latency percentiles and
 * throughput. Needs the built app (`npm run build`).
 *
 *   node --conditions=@deepreplay/source --import tsx tools/bench/web-server.ts [--clients 50] [--seconds 10]
 */
import { readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { appDirectory, startServer } from "@deepreplay/web";
import { loadTest } from "../testing/http-load.js";
import { measureSteal } from "./support/host.js";
import { part1File } from "./support/part1-file.js";

const { values: args } = parseArgs({
  options: { clients: { type: "string", default: "50" }, seconds: { type: "string", default: "10" } },
});

const recording = await part1File(150);
const server = await startServer({ files: [recording], port: 0 });
const script = readdirSync(`${appDirectory()}assets`).find(
  (name) => name.startsWith("index-") && name.endsWith(".js"),
)!;
const paths = ["/", `/assets/${script}`, "/api/recordings", "/api/recordings/0"];

const steal = measureSteal();
const result = await loadTest({
  url: server.url,
  paths,
  clients: Number(args.clients),
  durationMs: Number(args.seconds) * 1000,
});
const stolen = steal();
await server.close();

console.log(`deepreplay serve, ${args.clients} loopback clients for ${args.seconds} s over ${paths.join(" ")}`);
console.log(`  requests   ${result.requests} (${result.perSecond.toFixed(0)}/s), failed ${result.failed}`);
console.log(
  `  latency    p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
);
console.log(`  throughput ${(result.bytes / Number(args.seconds) / 1e6).toFixed(1)} MB/s`);
if (stolen !== undefined) console.log(`  host steal ${stolen.toFixed(1)} %`);
if (result.failed > 0) process.exitCode = 1;
