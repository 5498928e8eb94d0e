import {
  DEFAULT_PANELS,
  PANEL_KINDS,
  type FileProblem,
  type PanelKind,
  type PanelSpec,
  type RunInfo,
} from "./protocol.js";

/** Everything the page shows, as plain data; the view is drawn from it and nothing else. */
export interface AppState {
  /** Every run opened, in the order opened. */
  readonly runs: readonly RunInfo[];
  /** The runs in view, side by side on one shared epoch (two or more: a comparison). */
  readonly shown: readonly string[];
  /** The panels every shown run draws. */
  readonly panels: readonly PanelSpec[];
  readonly epoch: number;
  /** The epochs played: from..to, `to` undefined follows the last epoch (a live run grows). */
  readonly from: number;
  readonly to: number | undefined;
  readonly playing: boolean;
  /** Epochs per second while playing. */
  readonly fps: number;
  readonly problems: readonly FileProblem[];
}

export const initialState: AppState = {
  runs: [],
  shown: [],
  panels: [],
  epoch: 0,
  from: 0,
  to: undefined,
  playing: false,
  fps: 5,
  problems: [],
};

export function shownRuns(state: AppState): RunInfo[] {
  return state.shown
    .map((id) => state.runs.find((run) => run.id === id))
    .filter((run): run is RunInfo => run !== undefined);
}

/** The last epoch any shown run has: the end of the slider, and the root's data-last-epoch. */
export function lastEpoch(state: AppState): number {
  return Math.max(0, ...shownRuns(state).map((run) => run.lastEpoch));
}

export function playedRange(state: AppState): [number, number] {
  const last = lastEpoch(state);
  const to = Math.min(state.to ?? last, last);
  return [Math.min(state.from, to), to];
}

/** A panel kind no shown run can draw is offered disabled, with the reason. */
export function unavailableReason(state: AppState, kind: PanelKind): string | undefined {
  const runs = shownRuns(state);
  if (runs.length === 0) return "open a recording first";
  const reasons = runs.map((run) => run.unavailable[kind]);
  return reasons.every((reason) => reason !== undefined) ? reasons[0] : undefined;
}

/** Runs opened (or opened again: a live file's new version replaces the run of the same id). */
export function withRuns(state: AppState, runs: readonly RunInfo[], problems: readonly FileProblem[]): AppState {
  const replaced = state.runs.map((run) => runs.find((next) => next.id === run.id) ?? run);
  const added = runs.filter((run) => !state.runs.some((known) => known.id === run.id));
  const shown = state.shown.length ? state.shown : added.slice(0, 1).map((run) => run.id);
  let next: AppState = { ...state, runs: [...replaced, ...added], shown, problems };
  if (state.panels.length === 0) next = { ...next, panels: defaultPanels(next) };
  // A first run opens on its last epoch (as `deepreplay plot` draws); standing there follows a live run as it grows.
  const following =
    state.to === undefined && !state.playing && (state.runs.length === 0 || state.epoch === lastEpoch(state));
  return clampEpoch(following ? { ...next, epoch: lastEpoch(next) } : next);
}

/** The Part 1 figure where the run has its panels, else whatever of it can be drawn, else the violins. */
function defaultPanels(state: AppState): PanelSpec[] {
  const drawable = (kind: PanelKind) => unavailableReason(state, kind) === undefined;
  const part1 = DEFAULT_PANELS.filter(drawable);
  const kinds = part1.length ? part1 : PANEL_KINDS.filter(drawable).slice(0, 1);
  return kinds.map((kind) => ({ kind }));
}

export function toggleRun(state: AppState, id: string, show: boolean): AppState {
  const shown = show ? [...new Set([...state.shown, id])] : state.shown.filter((known) => known !== id);
  return clampEpoch({ ...state, shown });
}

export function togglePanel(state: AppState, kind: PanelKind, show: boolean): AppState {
  const others = state.panels.filter((panel) => panel.kind !== kind);
  const panels = show
    ? PANEL_KINDS.flatMap((k) => (k === kind ? [{ kind }] : others.filter((panel) => panel.kind === k)))
    : others;
  return { ...state, panels };
}

export function withLayer(state: AppState, layer: string): AppState {
  return {
    ...state,
    panels: state.panels.map((panel) => (panel.kind === "feature-space" ? { ...panel, layer } : panel)),
  };
}

export function atEpoch(state: AppState, epoch: number): AppState {
  return clampEpoch({ ...state, epoch });
}

export function step(state: AppState, by: number): AppState {
  return atEpoch({ ...state, playing: false }, state.epoch + by);
}

/** One tick of playback: the next epoch, from the start again after the end. */
export function tick(state: AppState): AppState {
  const [from, to] = playedRange(state);
  return atEpoch(state, state.epoch >= to ? from : state.epoch + 1);
}

export function withRange(state: AppState, from: number, to: number | undefined): AppState {
  const last = lastEpoch(state);
  const clean = (value: number) => Math.max(0, Math.min(last, Math.round(value)));
  return clampEpoch({ ...state, from: clean(from), to: to === undefined || to >= last ? undefined : clean(to) });
}

function clampEpoch(state: AppState): AppState {
  const [from, to] = playedRange(state);
  const epoch = Math.max(from, Math.min(to, Math.round(state.epoch)));
  return epoch === state.epoch ? state : { ...state, epoch };
}

/** A store: the state, one place that changes it, and who to tell. */
export class Store {
  #state: AppState = initialState;
  readonly #listeners: ((state: AppState, previous: AppState) => void)[] = [];

  get state(): AppState {
    return this.#state;
  }

  update(change: (state: AppState) => AppState): void {
    const previous = this.#state;
    this.#state = change(previous);
    if (this.#state !== previous) for (const listener of this.#listeners) listener(this.#state, previous);
  }

  subscribe(listener: (state: AppState, previous: AppState) => void): void {
    this.#listeners.push(listener);
  }
}
