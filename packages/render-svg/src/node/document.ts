import { createRequire } from "node:module";
import type { JSDOM } from "jsdom";

type Window = JSDOM["window"];

let window: Window | undefined;

/**
 * One jsdom window for the process, made on first use: Plot draws into its document. jsdom (about
 * 70 MB once loaded) is required only then, so a process that hands its frames to rendering
 * threads, or never draws, does not carry it.
 */
function jsdomWindow(): Window {
  if (!window) {
    const { JSDOM } = createRequire(import.meta.url)("jsdom") as typeof import("jsdom");
    window = new JSDOM("").window;
  }
  return window;
}

/**
 * Makes the document now, for a thread that is about to draw: loading jsdom and making its window
 * is most of a rendering thread's start-up, better spent while the frames are still being computed.
 */
export function prepareDocument(): void {
  jsdomWindow();
}

/** The document Plot draws into in Node. */
export function nodeDocument(): Document {
  return jsdomWindow().document;
}

/** An SVG element as standalone SVG markup (XML, with its namespace declared). */
export function serializeSvg(element: Element): string {
  return new (jsdomWindow().XMLSerializer)().serializeToString(element);
}
