/** What an SVG shows, reduced to what two renderings of the same figure must share. */
export interface SvgSummary {
  /** Text content of every <text>, in document order: headings, ticks, labels. */
  readonly texts: string[];
  readonly counts: Record<string, number>;
  /** x, y, width, height of every <rect>. */
  readonly rects: number[][];
}

export function summarise(svg: string): SvgSummary {
  const texts = [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => decode(m[1].replace(/<[^>]+>/g, "")));
  const counts: Record<string, number> = {};
  for (const [, tag] of svg.matchAll(/<(svg|g|path|circle|rect|line|text)\b/g)) counts[tag] = (counts[tag] ?? 0) + 1;
  const rects = [...svg.matchAll(/<rect\b([^>]*)>/g)].map(([, attributes]) =>
    ["x", "y", "width", "height"].map((name) => Number(new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)?.[1] ?? 0)),
  );
  return { texts, counts, rects };
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
