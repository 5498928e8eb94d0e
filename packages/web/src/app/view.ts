import { BoundedCache } from "./cache.js";
import { drawPanelFrame, type Drawing } from "./draw.js";
import { read, type Reading } from "./hover.js";
import { PANEL_LABELS, type PanelFrame, type PanelSpec, type PointReadout, type RunInfo } from "./protocol.js";
import { shownRuns, type AppState } from "./state.js";
import type { FrameWorker } from "./worker-client.js";

const defaults = {
  /** Frames kept once computed: every panel of 150 Part 1 epochs (a feature space is about 0.25 MB). */
  frames: 1024,
  /** Drawn panels kept, so scrubbing back through seen epochs only swaps SVGs in: four panels of 160 epochs. */
  drawings: 640,
};

const panelKey = (panel: PanelSpec) => `${panel.kind}${panel.layer ? `:${panel.layer}` : ""}`;
const frameKey = (run: string, panel: PanelSpec, epoch: number) => `${run}\n${panelKey(panel)}\n${epoch}`;

/**
 * One panel of one run on screen. It asks the worker for one frame at a time: while scrubbing,
 * only the latest epoch wanted is fetched next, so requests never pile up behind the pointer.
 */
class Slot {
  readonly element: HTMLElement;
  readonly run: RunInfo;
  readonly panel: PanelSpec;
  drawing: Drawing | undefined;
  #wanted = -1;
  #fetching = false;

  constructor(
    run: RunInfo,
    panel: PanelSpec,
    readonly view: View,
  ) {
    this.run = run;
    this.panel = panel;
    this.element = document.createElement("figure");
    this.element.className = "panel";
    this.element.dataset.kind = panel.kind;
    this.element.dataset.run = run.id;
    this.element.setAttribute("aria-label", `${PANEL_LABELS[panel.kind]} of ${run.group}`);
  }

  show(epoch: number, prefetch: boolean): void {
    const wanted = Math.min(epoch, this.run.lastEpoch);
    this.#wanted = wanted;
    const drawing = this.view.drawing(this.run.id, this.panel, wanted);
    if (drawing) this.#place(drawing);
    else this.#fetch();
    if (prefetch && wanted < this.run.lastEpoch) this.view.prefetch(this.run.id, this.panel, wanted + 1);
  }

  #place(drawing: Drawing): void {
    this.drawing = drawing;
    this.element.replaceChildren(drawing.element);
    this.element.dataset.epoch = String(drawing.panelFrame.frame.epoch);
    delete this.element.dataset.error;
    this.view.drawn(this);
  }

  #fetch(): void {
    if (this.#fetching) return;
    this.#fetching = true;
    const epoch = this.#wanted;
    this.view
      .frame(this.run.id, this.panel, epoch)
      .then(
        () => {
          const drawing = this.view.drawing(this.run.id, this.panel, this.#wanted);
          if (drawing) this.#place(drawing);
        },
        (error: Error) => {
          this.element.dataset.error = error.message;
          this.element.replaceChildren(
            Object.assign(document.createElement("p"), { className: "panel-error", textContent: error.message }),
          );
        },
      )
      .finally(() => {
        this.#fetching = false;
        if (this.#wanted !== epoch && this.element.dataset.epoch !== String(this.#wanted)) this.#fetch();
      });
  }
}

/** The runs in view, one row each, their panels side by side, all on the state's epoch. */
export class View {
  readonly element: HTMLElement;
  readonly #worker: FrameWorker;
  readonly #frames = new BoundedCache<string, PanelFrame>(defaults.frames);
  readonly #drawings = new BoundedCache<string, Drawing>(defaults.drawings);
  readonly #fetching = new Map<string, Promise<PanelFrame>>();
  #slots: Slot[] = [];
  #layout = "";
  #onDrawn: (slot: Slot) => void = () => {};

  constructor(element: HTMLElement, worker: FrameWorker) {
    this.element = element;
    this.#worker = worker;
  }

  get slots(): readonly Slot[] {
    return this.#slots;
  }

  onDrawn(listener: (slot: Slot) => void): void {
    this.#onDrawn = listener;
  }

  drawn(slot: Slot): void {
    this.#onDrawn(slot);
  }

  render(state: AppState): void {
    const runs = shownRuns(state);
    const layout = JSON.stringify([runs.map((run) => [run.id, run.lastEpoch]), state.panels]);
    if (layout !== this.#layout) this.#build(runs, state.panels, layout);
    for (const slot of this.#slots) slot.show(state.epoch, state.playing);
  }

  /** A run read again (a live file grew): what was computed from its old version goes. */
  forget(run: string): void {
    const ofRun = (key: string) => key.startsWith(`${run}\n`);
    this.#frames.deleteWhere(ofRun);
    this.#drawings.deleteWhere(ofRun);
    this.#layout = "";
  }

  drawing(run: string, panel: PanelSpec, epoch: number): Drawing | undefined {
    const key = frameKey(run, panel, epoch);
    const drawn = this.#drawings.get(key);
    if (drawn) return drawn;
    const panelFrame = this.#frames.get(key);
    if (!panelFrame) return undefined;
    const drawing = drawPanelFrame(panelFrame);
    this.#drawings.set(key, drawing);
    return drawing;
  }

  /** The frame of one panel at one epoch, computed once by the worker and kept. */
  frame(run: string, panel: PanelSpec, epoch: number): Promise<PanelFrame> {
    const key = frameKey(run, panel, epoch);
    const known = this.#frames.get(key);
    if (known) return Promise.resolve(known);
    let fetching = this.#fetching.get(key);
    if (!fetching) {
      fetching = this.#worker.call({ type: "frame", run, panel, epoch }).then((panelFrame) => {
        this.#frames.set(key, panelFrame);
        return panelFrame;
      });
      fetching.finally(() => this.#fetching.delete(key)).catch(() => {});
      this.#fetching.set(key, fetching);
    }
    return fetching;
  }

  prefetch(run: string, panel: PanelSpec, epoch: number): void {
    this.frame(run, panel, epoch).catch(() => {});
  }

  /** The frames of the current view, for export: per shown run, its panels' frames at the epoch. */
  async currentFrames(state: AppState): Promise<{ run: RunInfo; frames: PanelFrame[] }[]> {
    return Promise.all(
      shownRuns(state).map(async (run) => ({
        run,
        frames: await Promise.all(
          state.panels.map((panel) => this.frame(run.id, panel, Math.min(state.epoch, run.lastEpoch))),
        ),
      })),
    );
  }

  /** What the pointer reads over a panel: the plot under it, then its frame kind's reader. */
  readAt(target: EventTarget | null, clientX: number, clientY: number): { slot: Slot; reading: Reading } | undefined {
    const element = target instanceof Element ? target.closest("figure.panel") : null;
    const slot = this.#slots.find((candidate) => candidate.element === element);
    const drawing = slot?.drawing;
    if (!slot || !drawing) return undefined;
    for (const [index, plot] of drawing.plots.entries()) {
      const box = plot.getBoundingClientRect();
      if (clientX < box.left || clientX > box.right || clientY < box.top || clientY > box.bottom) continue;
      const reading = read(drawing.panelFrame, { x: clientX - box.left, y: clientY - box.top, plot, index });
      return reading ? { slot, reading } : undefined;
    }
    return undefined;
  }

  point(run: string, epoch: number, index: number): Promise<PointReadout> {
    return this.#worker.call({ type: "point", run, epoch, index });
  }

  #build(runs: readonly RunInfo[], panels: readonly PanelSpec[], layout: string): void {
    this.#layout = layout;
    this.#slots = [];
    const rows = runs.map((run) => {
      const row = document.createElement("section");
      row.className = "run";
      row.dataset.run = run.id;
      const heading = document.createElement("h2");
      heading.textContent = `${run.file} · ${run.group}`;
      const last = document.createElement("span");
      last.className = "run-epochs";
      last.textContent = ` epochs 0–${run.lastEpoch}${run.lastEpoch < run.nEpochs ? ` of ${run.nEpochs}` : ""}`;
      heading.append(last);
      const panelRow = document.createElement("div");
      panelRow.className = "panels";
      for (const panel of panels) {
        if (run.unavailable[panel.kind]) continue;
        const slot = new Slot(run, panel, this);
        this.#slots.push(slot);
        panelRow.append(slot.element);
      }
      row.append(heading, panelRow);
      return row;
    });
    this.element.replaceChildren(...rows);
  }
}

export type { Slot };
