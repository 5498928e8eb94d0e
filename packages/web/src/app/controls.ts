import { PANEL_KINDS, PANEL_LABELS } from "./protocol.js";
import {
  atEpoch,
  lastEpoch,
  playedRange,
  shownRuns,
  step,
  toggleRun,
  togglePanel,
  unavailableReason,
  withLayer,
  withRange,
  type AppState,
  type Store,
} from "./state.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Keys the page answers to, whatever has focus but a text field. */
const KEYS: Record<string, (state: AppState) => AppState> = {
  " ": (state) => ({ ...state, playing: !state.playing }),
  ArrowRight: (state) => step(state, 1),
  ArrowLeft: (state) => step(state, -1),
  PageUp: (state) => step(state, -10),
  PageDown: (state) => step(state, 10),
  Home: (state) => atEpoch({ ...state, playing: false }, playedRange(state)[0]),
  End: (state) => atEpoch({ ...state, playing: false }, playedRange(state)[1]),
};

/** Wires the page's controls to the store: each one turns an input into one state change. */
export function bindControls(store: Store): void {
  const update = store.update.bind(store);
  $("first").onclick = () => update(KEYS.Home);
  $("prev").onclick = () => update(KEYS.ArrowLeft);
  $("next").onclick = () => update(KEYS.ArrowRight);
  $("last").onclick = () => update(KEYS.End);
  $("play").onclick = () => update(KEYS[" "]);
  $<HTMLInputElement>("epoch").oninput = (event) =>
    update((state) => atEpoch({ ...state, playing: false }, Number((event.target as HTMLInputElement).value)));
  $<HTMLSelectElement>("fps").onchange = (event) =>
    update((state) => ({ ...state, fps: Number((event.target as HTMLSelectElement).value) }));
  const range = () => {
    const to = $<HTMLInputElement>("to").value;
    update((state) => withRange(state, Number($<HTMLInputElement>("from").value), to === "" ? undefined : Number(to)));
  };
  $("from").onchange = range;
  $("to").onchange = range;
  document.addEventListener("keydown", (event) => {
    const typing =
      event.target instanceof HTMLInputElement && event.target.type !== "range" && event.target.type !== "checkbox";
    const action = KEYS[event.key];
    if (!action || typing || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    update(action);
  });
  $("runs").addEventListener("change", (event) => {
    const box = event.target as HTMLInputElement;
    update((state) => toggleRun(state, box.value, box.checked));
  });
  $("panels").addEventListener("change", (event) => {
    const input = event.target as HTMLInputElement | HTMLSelectElement;
    if (input instanceof HTMLSelectElement) update((state) => withLayer(state, input.value));
    else update((state) => togglePanel(state, input.value as (typeof PANEL_KINDS)[number], input.checked));
  });
}

/** Brings the controls in line with the state (lists rebuilt only when what they list changed). */
export function renderControls(state: AppState, previous: AppState): void {
  const last = lastEpoch(state);
  const slider = $<HTMLInputElement>("epoch");
  slider.max = String(last);
  slider.value = String(state.epoch);
  $("epoch-label").textContent = `Epoch ${state.epoch} / ${last}`;
  $("play").textContent = state.playing ? "Pause" : "Play";
  $("play").setAttribute("aria-pressed", String(state.playing));
  $<HTMLInputElement>("from").max = String(last);
  $<HTMLInputElement>("to").max = String(last);
  if (state.runs !== previous.runs || state.shown !== previous.shown) renderRuns(state);
  if (state.runs !== previous.runs || state.shown !== previous.shown || state.panels !== previous.panels)
    renderPanels(state);
  $("problems").textContent = state.problems
    .map((problem) => `${problem.file}${problem.group ? ` (${problem.group})` : ""}: ${problem.message}`)
    .join("\n");
}

function renderRuns(state: AppState): void {
  const fieldset = $("runs");
  fieldset.querySelectorAll("label").forEach((label) => label.remove());
  for (const run of state.runs) {
    const box = Object.assign(document.createElement("input"), {
      type: "checkbox",
      value: run.id,
      checked: state.shown.includes(run.id),
    });
    const label = document.createElement("label");
    label.append(box, ` ${run.file} · ${run.group} (0–${run.lastEpoch})`);
    fieldset.append(label);
  }
}

function renderPanels(state: AppState): void {
  const fieldset = $("panels");
  fieldset.querySelectorAll("label, select").forEach((element) => element.remove());
  for (const kind of PANEL_KINDS) {
    const reason = unavailableReason(state, kind);
    const box = Object.assign(document.createElement("input"), {
      type: "checkbox",
      value: kind,
      checked: state.panels.some((panel) => panel.kind === kind),
      disabled: reason !== undefined,
    });
    const label = document.createElement("label");
    label.title = reason ?? "";
    label.append(box, ` ${PANEL_LABELS[kind]}`);
    fieldset.append(label);
  }
  const layers = [...new Set(shownRuns(state).flatMap((run) => run.featureLayers))];
  if (layers.length > 1) {
    const current = state.panels.find((panel) => panel.kind === "feature-space")?.layer ?? layers[0];
    const select = document.createElement("select");
    select.id = "layer";
    select.setAttribute("aria-label", "Feature space layer");
    select.append(
      ...layers.map((layer) =>
        Object.assign(document.createElement("option"), {
          value: layer,
          textContent: layer,
          selected: layer === current,
        }),
      ),
    );
    fieldset.append(select);
  }
}
