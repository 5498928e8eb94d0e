/**
 * The web replay app: recordings opened by drag-and-drop or the file picker, or served (and
 * followed live) by `deepreplay serve`; frames computed in a worker, drawn with the renderer's
 * Plot options; the root element carries data-last-epoch (the last epoch the page can show).
 */
import "./style.css";
import { bindControls, renderControls } from "./controls.js";
import { download, pngBlob, svgText, viewSvg } from "./export.js";
import { followServer } from "./live.js";
import type { SourceFile } from "./protocol.js";
import { readFiles, Sources } from "./sources.js";
import { lastEpoch, tick, withRuns, Store, type AppState } from "./state.js";
import { View } from "./view.js";
import { FrameWorker } from "./worker-client.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const root = document.documentElement;

const worker = new FrameWorker();
const ready = worker.call({ type: "init", wasmPath: new URL("wasm/", document.baseURI).href });
ready.then((backend) => (root.dataset.ready = backend));
const store = new Store();
const view = new View($("view"), worker);
const sources = new Sources();

async function open(files: SourceFile[], reload = false) {
  await ready;
  const all = sources.with(files);
  $("status").textContent = reload ? "" : `Opening ${files.map((file) => file.name).join(", ")}…`;
  const result = await worker.call({ type: "open", files: all });
  sources.settle(all, result);
  for (const run of result.runs) view.forget(run.id);
  // A live reload that did not open is retried by the caller, never shown; one that opened clears its file's problems.
  const opened = new Set(result.runs.map((run) => run.file));
  store.update((state) =>
    withRuns(
      state,
      result.runs,
      reload ? state.problems.filter((problem) => !opened.has(problem.file)) : result.problems,
    ),
  );
  $("status").textContent = result.runs.length || reload ? "" : "Nothing opened.";
  return result;
}

let timer: ReturnType<typeof setTimeout> | undefined;
function schedulePlayback(state: AppState): void {
  clearTimeout(timer);
  if (state.playing) timer = setTimeout(() => store.update(tick), 1000 / state.fps);
}

store.subscribe((state, previous) => {
  renderControls(state, previous);
  view.render(state);
  if (state.runs.length) root.dataset.lastEpoch = String(lastEpoch(state));
  root.dataset.epoch = String(state.epoch);
  root.dataset.playing = String(state.playing);
  schedulePlayback(state);
});
view.onDrawn(() => {
  const slots = view.slots;
  root.dataset.drawnEpoch =
    slots.length && slots.every((slot) => slot.element.dataset.epoch === slots[0].element.dataset.epoch)
      ? slots[0].element.dataset.epoch!
      : "";
});
bindControls(store);

// Opening files: the picker, or a drop anywhere on the page.
$("open").onclick = () => $("file-input").click();
$<HTMLInputElement>("file-input").onchange = async (event) => {
  const input = event.target as HTMLInputElement;
  if (input.files?.length) await open(await readFiles(input.files));
  input.value = "";
};
document.addEventListener("dragover", (event) => {
  event.preventDefault();
  $("drop").hidden = false;
});
document.addEventListener("dragleave", (event) => {
  if (event.relatedTarget === null) $("drop").hidden = true;
});
document.addEventListener("drop", async (event) => {
  event.preventDefault();
  $("drop").hidden = true;
  if (event.dataTransfer?.files.length) await open(await readFiles(event.dataTransfer.files));
});

// Reading values under the pointer.
const readout = $("readout");
let hovered = 0;
$("view").addEventListener("pointermove", (event) => {
  const found = view.readAt(event.target, event.clientX, event.clientY);
  const token = ++hovered;
  if (!found) {
    readout.hidden = true;
    return;
  }
  const place = (lines: readonly string[]) => {
    if (token !== hovered) return;
    readout.textContent = lines.join("\n");
    readout.hidden = false;
    readout.style.left = `${event.clientX + 14}px`;
    readout.style.top = `${event.clientY + 14}px`;
  };
  place(found.reading.lines);
  if ("point" in found.reading) {
    const { run } = found.slot;
    const epoch = Number(found.slot.element.dataset.epoch);
    // The worker's target replaces the frame's class line.
    const base = found.reading.lines.slice(0, 1);
    view.point(run.id, epoch, found.reading.point).then(
      ({ input, target, probability, loss }) =>
        place([
          ...base,
          `input: (${input.map((v) => Number(v.toPrecision(4))).join(", ")})`,
          `target: ${target}`,
          `probability: ${probability.toPrecision(4)}`,
          `loss: ${loss.toPrecision(4)}`,
        ]),
      () => {},
    );
  }
});
$("view").addEventListener("pointerleave", () => {
  hovered++;
  readout.hidden = true;
});

// Export: the current view, drawn by the renderer.
async function exportView(format: "svg" | "png") {
  const svg = viewSvg(await view.currentFrames(store.state));
  const name = `deepreplay-epoch-${store.state.epoch}.${format}`;
  download(format === "svg" ? new Blob([svgText(svg)], { type: "image/svg+xml" }) : await pngBlob(svg), name);
}
$("export-svg").onclick = () => void exportView("svg");
$("export-png").onclick = () => void exportView("png");

followServer(open).then(
  (served) => (root.dataset.mode = served ? "served" : "static"),
  (error: Error) => ($("status").textContent = `The server did not answer: ${error.message}`),
);
