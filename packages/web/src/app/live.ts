import { SERVED_MARK } from "../shared/served-mark.js";
import type { OpenResult, SourceFile } from "./protocol.js";

/** A served file as `/api/recordings` lists it. */
interface ServedEntry {
  readonly id: string;
  readonly name: string;
  readonly version: number;
}

const defaults = {
  /** A file read while its writer was mid-epoch may not open: read it again, this much later, this often. */
  retryMs: 250,
  retries: 12,
};

export type Open = (files: SourceFile[], reload: boolean) => Promise<OpenResult>;

/**
 * Served by `deepreplay serve`: opens every served file, then follows the server's change events,
 * fetching a rewritten file again. A read that does not open (torn mid-write) or opens to fewer
 * epochs than the page already shows (the worker refuses it) is retried, never shown; the page keeps what it had.
 * Returns false when no server is behind the page (the static app).
 */
export async function followServer(open: Open): Promise<boolean> {
  // The server marks the page it serves; a static copy asks for nothing it does not have.
  if (!document.querySelector(`meta[name="${SERVED_MARK}"]`)) return false;
  const listing = await fetch("api/recordings", { cache: "no-store" });
  if (!listing.ok) throw new Error(`api/recordings: HTTP ${listing.status}`);
  const { files } = (await listing.json()) as { files: ServedEntry[] };
  const latest = new Map(files.map((entry) => [entry.id, entry.version]));
  const reload = async (entry: ServedEntry) => {
    for (let attempt = 0; attempt <= defaults.retries; attempt++) {
      if ((latest.get(entry.id) ?? -1) > entry.version) return; // a newer change took over
      const file = await fetchFile(entry).catch(() => undefined);
      if (file) {
        const result = await open([file], true);
        if (!result.problems.some((problem) => problem.file === file.name)) return;
      }
      await new Promise((done) => setTimeout(done, defaults.retryMs));
    }
  };
  // Opened together, so a Python recording meets its model file; a file caught mid-write is tried again.
  const first = await open(await Promise.all(files.map(fetchFile)), false);
  for (const entry of files) if (first.problems.some((problem) => problem.file === entry.name)) void reload(entry);

  const events = new EventSource("api/events");
  events.addEventListener("change", (event) => {
    const entry = JSON.parse((event as MessageEvent<string>).data) as ServedEntry;
    // The stream opens with every file's version: those the page already has are not fetched again.
    if (latest.get(entry.id) === entry.version) return;
    latest.set(entry.id, entry.version);
    void reload(entry);
  });
  return true;
}

async function fetchFile(entry: ServedEntry): Promise<SourceFile> {
  const response = await fetch(`api/recordings/${encodeURIComponent(entry.id)}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`${entry.name}: HTTP ${response.status}`);
  return { name: entry.name, bytes: await response.arrayBuffer() };
}
