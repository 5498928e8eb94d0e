/**
 * Binds the page's buttons, slider, speed menu and keys to the player, and shows its state.
 * Keys: ← → step, space plays or pauses, Home / End jump to the first / last epoch.
 */
import { epochLabel } from "../format.js";
import type { Player } from "./player.js";

export interface ControlElements {
  readonly first: HTMLButtonElement;
  readonly previous: HTMLButtonElement;
  readonly play: HTMLButtonElement;
  readonly next: HTMLButtonElement;
  readonly last: HTMLButtonElement;
  readonly slider: HTMLInputElement;
  readonly label: HTMLOutputElement;
  readonly speed: HTMLSelectElement;
}

export function controlElements(document: Document): ControlElements {
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  return {
    first: byId("first"),
    previous: byId("previous"),
    play: byId("play"),
    next: byId("next"),
    last: byId("last"),
    slider: byId("epoch"),
    label: byId("epoch-label"),
    speed: byId("speed"),
  };
}

/** Moving by hand stops playback, as in a video player. */
export function bindControls(player: Player, elements: ControlElements, document: Document): void {
  const go = (move: () => void) => () => {
    player.pause();
    move();
  };
  const toFirst = go(() => player.seek(0));
  const back = go(() => player.step(-1));
  const forward = go(() => player.step(1));
  const toLast = go(() => player.seek(player.last));
  elements.first.addEventListener("click", toFirst);
  elements.previous.addEventListener("click", back);
  elements.next.addEventListener("click", forward);
  elements.last.addEventListener("click", toLast);
  elements.play.addEventListener("click", () => player.toggle());
  elements.slider.addEventListener(
    "input",
    go(() => player.seek(Number(elements.slider.value))),
  );
  elements.speed.addEventListener("change", () => player.setSpeed(Number(elements.speed.value)));

  const keys: Record<string, () => void> = {
    ArrowLeft: back,
    ArrowRight: forward,
    Home: toFirst,
    End: toLast,
    " ": () => player.toggle(),
  };
  document.addEventListener("keydown", (event) => {
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    // The slider and menu handle their own keys, a focused button its own space.
    const target = event.target as Element | null;
    if (target?.closest("input, select, textarea") || (event.key === " " && target?.closest("button"))) return;
    event.preventDefault();
    action();
  });
}

export function showState(player: Player, elements: ControlElements, epochs: readonly number[]): void {
  const epoch = epochs[player.index];
  elements.slider.value = String(player.index);
  elements.slider.setAttribute("aria-valuetext", `Epoch ${epoch}`);
  elements.label.value = epochLabel(epoch, epochs);
  elements.play.toggleAttribute("data-playing", player.playing);
  elements.play.setAttribute("aria-label", player.playing ? "Pause" : "Play");
  elements.previous.disabled = elements.first.disabled = player.index === 0;
  elements.next.disabled = elements.last.disabled = player.index === player.last;
}
