import { Agent, request } from "node:http";

export interface LoadOptions {
  /** A loopback server's base URL. */
  readonly url: string;
  /** Paths each client requests in turn. */
  readonly paths: readonly string[];
  readonly clients: number;
  readonly durationMs: number;
}

export interface LoadResult {
  readonly requests: number;
  /** Requests that errored or answered other than 200. */
  readonly failed: number;
  readonly bytes: number;
  /** Latency percentiles in ms. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly perSecond: number;
}

/**
 * `clients` clients, each with a kept-alive connection of its own, requesting `paths` round
 * and round for `durationMs`: bounded in time, loopback only.
 */
export async function loadTest({ url, paths, clients, durationMs }: LoadOptions): Promise<LoadResult> {
  const target = new URL(url);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname))
    throw new Error(`load tests are for loopback servers only, not ${target.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let [failed, bytes] = [0, 0];
  const started = performance.now();
  const end = started + durationMs;
  const client = async (offset: number) => {
    for (let k = offset; performance.now() < end; k++) {
      const begin = performance.now();
      const outcome = await get(agent, new URL(paths[k % paths.length], target));
      latencies.push(performance.now() - begin);
      if (outcome.status === 200) bytes += outcome.bytes;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const elapsed = performance.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    failed,
    bytes,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    perSecond: (latencies.length / elapsed) * 1000,
  };
}

function get(agent: Agent, url: URL): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve) => {
    const call = request(url, { agent }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => (bytes += chunk.length));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on("error", () => resolve({ status: 0, bytes }));
    });
    call.on("error", () => resolve({ status: 0, bytes: 0 }));
    call.end();
  });
}
