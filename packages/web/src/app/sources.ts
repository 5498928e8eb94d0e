import type { OpenResult, SourceFile } from "./protocol.js";

/**
 * The files the page holds on to: Keras model files and recordings that could not open yet (a
 * Python recording dropped before its model file), handed to the worker again with every later
 * file, so that the order things are dropped in does not matter.
 */
export class Sources {
  readonly #waiting = new Map<string, SourceFile>();

  /** What to open: the new files, and those kept. */
  with(files: readonly SourceFile[]): SourceFile[] {
    const names = new Set(files.map((file) => file.name));
    return [...files, ...[...this.#waiting.values()].filter((file) => !names.has(file.name))];
  }

  /** Keeps the model files and the files that opened to a problem; lets go of those now open. */
  settle(files: readonly SourceFile[], result: OpenResult): void {
    const failed = new Set(result.problems.map((problem) => problem.file));
    for (const file of files) {
      if (result.models.includes(file.name) || failed.has(file.name)) this.#waiting.set(file.name, file);
      else this.#waiting.delete(file.name);
    }
  }
}

export async function readFiles(list: Iterable<File>): Promise<SourceFile[]> {
  return Promise.all([...list].map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })));
}
