/**
 * The frame worker: opens recordings and computes frames on tfjs' WASM backend, off the page's
 * thread, one request at a time. Nothing is computed before the page asks for it.
 */
import { initBackend } from "@deepreplay/core";
import { DeepReplayError, isDeepReplayError } from "@deepreplay/frames";
import type { Reply, Request, Results } from "../app/protocol.js";
import { COMPUTATIONS } from "./computations.js";
import { openRuns, pointReadout, type OpenedRun } from "./runs.js";

const runs = new Map<string, OpenedRun>();
let wasmPath = "";

function runOf(id: string): OpenedRun {
  const run = runs.get(id);
  if (!run) throw new DeepReplayError("UNKNOWN_RUN", `No open run ${id}.`, { hint: "Open the recording again." });
  return run;
}

const handlers: {
  [T in Request["type"]]: (request: Extract<Request, { type: T }>) => Promise<Results[T]> | Results[T];
} = {
  /** Starts tfjs' backend as the page loads, before any file is chosen. */
  async init(request) {
    wasmPath = request.wasmPath;
    return initBackend({ wasmPath });
  },
  async open(request) {
    const { runs: opened, problems, models } = await openRuns(request.files, wasmPath);
    const kept = opened.filter((run) => {
      const known = runs.get(run.info.id);
      // A file read while its writer was mid-epoch can look shorter than the last read: keep that one.
      if (known && known.info.lastEpoch > run.info.lastEpoch) {
        run.replay.source.close?.();
        problems.push({
          file: run.info.file,
          group: run.info.group,
          code: "STALE_READ",
          message: `${run.info.file} read with fewer epochs than before.`,
        });
        return false;
      }
      known?.replay.source.close?.();
      runs.set(run.info.id, run);
      return true;
    });
    return { runs: kept.map((run) => run.info), problems, models };
  },
  frame: ({ run, panel, epoch }) => COMPUTATIONS[panel.kind].frame(runOf(run), epoch, panel),
  point: ({ run, epoch, index }) => pointReadout(runOf(run), epoch, index),
  close({ run }) {
    runs.get(run)?.replay.source.close?.();
    runs.delete(run);
  },
};

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<{ id: number; request: Request }>) => void) | null;
  postMessage(reply: Reply): void;
};

let queue = Promise.resolve();
scope.onmessage = ({ data: { id, request } }) => {
  queue = queue.then(async () => {
    try {
      const handler = handlers[request.type] as (request: Request) => unknown;
      scope.postMessage({ id, result: await handler(request) });
    } catch (error) {
      const code = isDeepReplayError(error) ? error.code : "WORKER_FAILED";
      scope.postMessage({ id, error: { code, message: error instanceof Error ? error.message : String(error) } });
    }
  });
};
