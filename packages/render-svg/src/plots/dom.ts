/**
 * The document drawing makes its elements in, and how an element becomes SVG markup: the page's
 * in a browser; render-svg's main entry installs jsdom's in Node.
 */
export interface SvgDom {
  readonly document: () => Document;
  readonly serialize: (element: Element) => string;
}

let dom: SvgDom = {
  document: () => globalThis.document,
  serialize: (element) => new XMLSerializer().serializeToString(element),
};

/** Draws with another document (render-svg's main entry gives jsdom's). */
export function useSvgDom(next: SvgDom): void {
  dom = next;
}

/** What `draw` makes in the current document, as SVG markup. */
export function svgMarkup(draw: (document: Document) => Element): string {
  return dom.serialize(draw(dom.document()));
}
