import { registerCpuBackend, tf, tfWasm } from "#tfjs";
import { defaultWasmFolder } from "#wasm-folder";

export type BackendName = "wasm" | "cpu";

export interface BackendOptions {
  /** Backend to start (default "wasm"); "cpu" skips WASM altogether. */
  backend?: BackendName;
  /**
   * Folder (or URL) holding tfjs-backend-wasm's .wasm binaries, ending in "/". Default: in Node,
   * the installed package's dist/ folder; in a page, the folder the bundle is served from.
   */
  wasmPath?: string;
  /** Where the one-line fallback warning goes (default console.warn). */
  warn?: (message: string) => void;
}

let started: Promise<BackendName> | undefined;

/**
 * Starts tfjs-core on the WASM backend (SIMD where the runtime has it) once per process. When WASM
 * cannot start, falls back to the CPU backend and says so in one line; never silently.
 */
export function initBackend(options: BackendOptions = {}): Promise<BackendName> {
  started ??= start(options);
  return started;
}

/** The backend tfjs-core runs on, once `initBackend` has resolved. */
export function activeBackend(): string {
  return tf.getBackend();
}

async function start({ backend = "wasm", wasmPath, warn = console.warn }: BackendOptions): Promise<BackendName> {
  if (backend === "wasm") {
    const folder = wasmPath ?? defaultWasmFolder();
    let reason = "tfjs could not instantiate it";
    try {
      tfWasm.setWasmPaths(folder);
      if (await tf.setBackend("wasm")) {
        await tf.ready();
        return "wasm";
      }
    } catch (error) {
      reason = messageOf(error);
    }
    warn(
      `@deepreplay/core: the WASM backend could not start from ${folder} (${reason}); falling back to the slower CPU backend.`,
    );
  }
  registerCpuBackend();
  await tf.setBackend("cpu");
  await tf.ready();
  return "cpu";
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && "message" in error) return String(error.message);
  return String(error);
}
