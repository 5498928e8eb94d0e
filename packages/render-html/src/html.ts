/**
 * The page itself: controls, the figure's place, the manifest and payload, and the player
 * script, all in one document. A Content-Security-Policy forbids every request, so the page
 * cannot reach the network even by accident.
 */
import { epochLabel, MANIFEST_ELEMENT_ID, PAYLOAD_ELEMENT_ID, type ReplayManifest } from "./format.js";

export interface PageParts {
  readonly manifest: ReplayManifest;
  /** The gzip payload, base64. */
  readonly payload: string;
  /** The bundled player script. */
  readonly script: string;
}

/** Button icons as inline SVG paths (16 × 16): no font on any system lacks them. */
const ICONS = {
  first: "M2 2h2v12H2zM9 2 4 8l5 6zM15 2l-5 6 5 6z",
  previous: "M3 2h2v12H3zM14 2 6 8l8 6z",
  play: "M4 2l10 6-10 6z",
  pause: "M3 2h4v12H3zM9 2h4v12H9z",
  next: "M11 2h2v12h-2zM2 2l8 6-8 6z",
  last: "M12 2h2v12h-2zM7 2l5 6-5 6zM1 2l5 6-5 6z",
};

function icon(name: keyof typeof ICONS): string {
  return `<svg class="icon icon-${name}" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="${ICONS[name]}" fill="currentColor"/></svg>`;
}

const SPEEDS = [0.25, 0.5, 1, 2, 4];

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light; font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 14px; }
body { margin: 0; background: #fff; color: #111; }
main { max-width: 1600px; margin: 0 auto; padding: 10px 16px 16px; }
.controls { display: flex; flex-wrap: wrap; align-items: center; justify-content: center; gap: 6px 10px; margin-bottom: 8px; }
.controls button { display: inline-flex; align-items: center; justify-content: center; width: 2.4em; height: 2em; padding: 0; border: 1px solid #888; border-radius: 4px; background: #f4f4f4; color: #222; cursor: pointer; }
.controls button:hover:not(:disabled) { background: #e6e6e6; }
.controls button:disabled { color: #aaa; cursor: default; }
#play .icon-pause, #play[data-playing] .icon-play { display: none; }
#play[data-playing] .icon-pause { display: inline; }
.controls :focus-visible { outline: 2px solid #0a64d8; outline-offset: 1px; }
.controls input[type=range] { flex: 1 1 320px; max-width: 720px; }
.controls output { min-width: 10em; font-variant-numeric: tabular-nums; }
.controls select { font: inherit; }
#figure svg { display: block; width: 100%; height: auto; max-height: calc(100vh - 70px); }
.error { color: #b00020; white-space: pre-wrap; }
`;

export function replayPage({ manifest, payload, script }: PageParts): string {
  const speeds = SPEEDS.map(
    (speed) =>
      `<option value="${speed}"${speed === 1 ? " selected" : ""}>${speed}× (${formatFps(speed * manifest.fps)} fps)</option>`,
  ).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Deep Replay">
<title>${escapeHtml(manifest.title || "Deep Replay")}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <div class="controls" role="toolbar" aria-label="Replay controls">
    <button type="button" id="first" title="First epoch (Home)" aria-label="First epoch">${icon("first")}</button>
    <button type="button" id="previous" title="Previous epoch (←)" aria-label="Previous epoch">${icon("previous")}</button>
    <button type="button" id="play" title="Play / pause (space)" aria-label="Play">${icon("play")}${icon("pause")}</button>
    <button type="button" id="next" title="Next epoch (→)" aria-label="Next epoch">${icon("next")}</button>
    <button type="button" id="last" title="Last epoch (End)" aria-label="Last epoch">${icon("last")}</button>
    <input type="range" id="epoch" min="0" max="${manifest.epochs.length - 1}" step="1" value="0" aria-label="Epoch">
    <output id="epoch-label" for="epoch" aria-live="polite">${epochLabel(manifest.epochs[0], manifest.epochs)}</output>
    <label>Speed <select id="speed">${speeds}</select></label>
  </div>
  <div id="figure" role="img" aria-label="Replay figure"></div>
  <noscript><p class="error">This replay is drawn by JavaScript: allow scripts for this file to see it.</p></noscript>
</main>
<script type="application/json" id="${MANIFEST_ELEMENT_ID}">${scriptSafeJson(manifest)}</script>
<script type="application/octet-stream" id="${PAYLOAD_ELEMENT_ID}">${payload}</script>
<script>${script}</script>
</body>
</html>
`;
}

function formatFps(fps: number): string {
  return String(Math.round(fps * 100) / 100);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end its <script> element early: every "<" is escaped. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
