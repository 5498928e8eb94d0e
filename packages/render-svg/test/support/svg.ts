import { JSDOM } from "jsdom";

/** Parses SVG markup as XML (so malformed markup fails) and returns its root <svg>. */
export function parseSvg(markup: string): SVGSVGElement {
  const { document } = new JSDOM(markup, { contentType: "image/svg+xml" }).window;
  return document.documentElement as unknown as SVGSVGElement;
}

/** The panels of a drawing: the <svg> elements nested in its root, in grid order. */
export function panelsOf(root: Element): SVGSVGElement[] {
  return Array.from(root.children).filter((e) => e.tagName === "svg") as SVGSVGElement[];
}

export function texts(root: Element, selector: string): string[] {
  return Array.from(root.querySelectorAll(selector), (e) => e.textContent ?? "");
}

/** The heading Plot drew in a panel. */
export function headingOf(panel: Element): string {
  return texts(panel, "g.heading text").join("");
}

export function number(attribute: string | null): number {
  return Number((attribute ?? "").replace("\u2212", "-"));
}

/** The translation of an element's transform="translate(x,y)". */
export function translation(element: Element): [number, number] {
  const match = /translate\(([^,)]+),?([^)]*)\)/.exec(element.getAttribute("transform") ?? "");
  return match ? [Number(match[1]), Number(match[2] || 0)] : [0, 0];
}

export interface Tick {
  readonly label: string;
  readonly value: number;
  /** Pixel position along the axis. */
  readonly at: number;
}

/** The tick labels of the panel's axis, in order; `which` picks one of several y axes (left first). */
export function ticksOf(panel: Element, axis: "x" | "y", which = 0): Tick[] {
  const group = panel.querySelectorAll(`g[aria-label="${axis}-axis tick label"]`)[which];
  if (!group) throw new Error(`no ${axis} axis tick labels`);
  return Array.from(group.querySelectorAll("text"), (text) => {
    const label = text.textContent ?? "";
    const [x, y] = translation(text);
    return { label, value: number(label), at: axis === "x" ? x : y };
  });
}

/** A linear scale (value → pixel) read off two numeric ticks of an axis: independent of how it was drawn. */
export function scaleOf(ticks: readonly Tick[]): { apply(value: number): number; invert(pixel: number): number } {
  const numeric = ticks.filter((t) => Number.isFinite(t.value));
  const first = numeric[0];
  const last = numeric[numeric.length - 1];
  const k = (last.at - first.at) / (last.value - first.value);
  return { apply: (v) => first.at + (v - first.value) * k, invert: (p) => first.value + (p - first.at) / k };
}

/** The plot area: the rect of Plot's frame mark. */
export function frameRect(panel: Element): { x: number; y: number; width: number; height: number } {
  const rect = panel.querySelector('g[aria-label="frame"] rect, rect[aria-label="frame"]');
  if (!rect) throw new Error("no frame");
  const at = (name: string) => number(rect.getAttribute(name));
  return { x: at("x"), y: at("y"), width: at("width"), height: at("height") };
}

/** Centres of the discs drawn as one path of arcs ("M x-r,y a r,r 0 1,0 2r,0 a ..."), in order. */
export function discCentres(group: Element): [number, number][] {
  const d = Array.from(group.querySelectorAll("path"), (p) => p.getAttribute("d") ?? "").join("");
  return Array.from(d.matchAll(/M([-\d.e]+),([-\d.e]+)a([\d.]+),/g), ([, x, y, r]) => [
    Number(x) + Number(r),
    Number(y),
  ]);
}

/** The rings (subpaths) of an SVG path made of M, L and Z commands, as points. */
export function pathRings(d: string): [number, number][][] {
  const rings: [number, number][][] = [];
  for (const [, command, args] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (command === "Z") continue;
    const values = args.split(/[ ,]+/).filter(Boolean).map(Number);
    if (command === "M") rings.push([]);
    for (let i = 0; i + 1 < values.length; i += 2) rings[rings.length - 1].push([values[i], values[i + 1]]);
  }
  return rings;
}

/** Even-odd point-in-polygon over all rings. */
export function insideEvenOdd(rings: readonly (readonly [number, number])[][], [x, y]: [number, number]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Shortest distance from a point to a polyline, in the same units. */
export function distanceToPolyline(
  [px, py]: readonly [number, number],
  line: readonly (readonly [number, number])[],
): number {
  let best = Infinity;
  for (let i = 0; i < line.length; i++) {
    const [ax, ay] = line[i];
    const [bx, by] = line[Math.min(i + 1, line.length - 1)];
    const [dx, dy] = [bx - ax, by - ay];
    const t =
      dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
  }
  return best;
}
