import { JSDOM } from "jsdom";

type Window = JSDOM["window"];

let window: Window | undefined;

/** One jsdom window for the process, made on first use: Plot draws into its document. */
function jsdomWindow(): Window {
  window ??= new JSDOM("").window;
  return window;
}

/** The document Plot draws into in Node. */
export function nodeDocument(): Document {
  return jsdomWindow().document;
}

/** An SVG element as standalone SVG markup (XML, with its namespace declared). */
export function serializeSvg(element: Element): string {
  return new (jsdomWindow().XMLSerializer)().serializeToString(element);
}
