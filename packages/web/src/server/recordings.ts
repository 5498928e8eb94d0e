import { watch, type FSWatcher } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { DeepReplayError } from "@deepreplay/frames";

/** What the page learns of a served file: its name, and a version that grows whenever it changes. */
export interface RecordingEntry {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly version: number;
}

const defaults = {
  /** A change is looked at once the writer has been quiet this long (the recorder writes an epoch in a burst). */
  settleMs: 60,
  /** Reads of a file that keeps changing under them before the last one is served anyway (the page retries torn ones). */
  attempts: 5,
};

interface Snapshot {
  readonly size: number;
  readonly mtimeMs: number;
  readonly body: Buffer;
}

/**
 * One file named on the command line. It is read whole, asynchronously and read-only (never
 * locked, never opened for writing), and only when its size or mtime changed, so 50 pages
 * polling it cost the writer nothing. A read the file changed under is read again.
 */
export class ServedFile {
  readonly id: string;
  readonly path: string;
  readonly name: string;
  #version = 0;
  #announced = 0;
  #snapshot: Snapshot | undefined;
  #reading: Promise<Snapshot> | undefined;

  constructor(id: string, path: string) {
    this.id = id;
    this.path = resolve(path);
    this.name = basename(path);
  }

  get version(): number {
    return this.#version;
  }

  /** Its entry as last read. */
  get current(): RecordingEntry {
    return { id: this.id, name: this.name, size: this.#snapshot?.size ?? 0, version: this.#version };
  }

  async entry(): Promise<RecordingEntry> {
    await this.bytes().catch(() => undefined);
    return this.current;
  }

  /** The file's bytes as last seen settled; read again when the file changed since. */
  async bytes(): Promise<Snapshot> {
    const now = await stat(this.path);
    const last = this.#snapshot;
    if (last && last.size === now.size && last.mtimeMs === now.mtimeMs) return last;
    this.#reading ??= this.#read().finally(() => (this.#reading = undefined));
    return this.#reading;
  }

  /**
   * Called on a change seen on disk: true when the file now has a version not announced yet. A page's
   * request may have read the new bytes first; the change is announced all the same.
   */
  async changed(): Promise<boolean> {
    if (!(await this.bytes().catch(() => undefined))) return false;
    if (this.#version === this.#announced) return false;
    this.#announced = this.#version;
    return true;
  }

  async #read(): Promise<Snapshot> {
    let snapshot: Snapshot | undefined;
    for (let attempt = 0; attempt < defaults.attempts; attempt++) {
      const before = await stat(this.path);
      const body = await readFile(this.path);
      const after = await stat(this.path);
      snapshot = { size: after.size, mtimeMs: after.mtimeMs, body };
      if (before.size === after.size && before.mtimeMs === after.mtimeMs && body.length === after.size) break;
      await new Promise((done) => setTimeout(done, defaults.settleMs));
    }
    if (this.#snapshot?.mtimeMs !== snapshot!.mtimeMs || this.#snapshot?.size !== snapshot!.size) this.#version++;
    this.#snapshot = snapshot;
    return snapshot!;
  }
}

/** The files to serve, checked up front: each must exist and be a regular file, and no name twice. */
export async function servedFiles(paths: readonly string[]): Promise<ServedFile[]> {
  if (paths.length === 0) {
    throw new DeepReplayError("SERVE_NO_FILES", "Name at least one recording to serve.", {
      hint: "deepreplay serve run.h5 [model.h5 ...]",
    });
  }
  const files = paths.map((path, i) => new ServedFile(String(i), path));
  for (const file of files) {
    const info = await stat(file.path).catch(() => undefined);
    if (!info?.isFile()) {
      throw new DeepReplayError("FILE_NOT_FOUND", `No file at ${file.path}.`, {
        hint: "Name recordings that exist (the writer creates its file before the first epoch).",
      });
    }
  }
  const names = files.map((file) => file.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) {
    throw new DeepReplayError("SERVE_DUPLICATE_NAME", `Two served files are named ${twice}.`, {
      hint: "The page pairs recordings and model files by name: serve files with different names.",
    });
  }
  return files;
}

/**
 * Watches the folders of the served files and calls `onChange` with a file once its writer has
 * paused for `settleMs`. Watching folders, not files, sees a file replaced by a rename too.
 */
export function watchFiles(files: readonly ServedFile[], onChange: (file: ServedFile) => void): () => void {
  const timers = new Map<ServedFile, NodeJS.Timeout>();
  const look = (file: ServedFile) => {
    clearTimeout(timers.get(file));
    timers.set(
      file,
      setTimeout(() => {
        timers.delete(file);
        file.changed().then(
          (changed) => changed && onChange(file),
          () => {},
        );
      }, defaults.settleMs),
    );
  };
  const watchers: FSWatcher[] = [];
  for (const folder of new Set(files.map((file) => dirname(file.path)))) {
    const inFolder = files.filter((file) => dirname(file.path) === folder);
    const watcher = watch(folder, { persistent: false }, (_event, name) => {
      for (const file of inFolder) if (name === null || name.toString() === file.name) look(file);
    });
    watcher.on("error", () => {});
    watchers.push(watcher);
  }
  return () => {
    for (const watcher of watchers) watcher.close();
    for (const timer of timers.values()) clearTimeout(timer);
  };
}
