import type { Reply, Request, Results } from "./protocol.js";

/** The page's end of the frame worker: one promise per request, errors as `WorkerError`s. */
export class FrameWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #next = 0;

  constructor() {
    this.#worker = new Worker(new URL("../worker/worker.ts", import.meta.url), {
      type: "module",
      name: "deepreplay-frames",
    });
    this.#worker.onmessage = ({ data }: MessageEvent<Reply>) => {
      const pending = this.#pending.get(data.id);
      this.#pending.delete(data.id);
      if (!pending) return;
      if ("error" in data) pending.reject(new WorkerError(data.error.code, data.error.message));
      else pending.resolve(data.result);
    };
  }

  call<T extends Request["type"]>(
    request: Extract<Request, { type: T }>,
    transfer: Transferable[] = [],
  ): Promise<Results[T]> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ id, request }, transfer);
    });
  }
}

export class WorkerError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "WorkerError";
    this.code = code;
  }
}
