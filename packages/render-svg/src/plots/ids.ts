/**
 * Plot numbers its clip paths with a process-wide counter, so the same frame would not give the
 * same SVG twice, and two SVGs inlined in one page could share an id. Renames every id in document
 * order, prefixed with a hash of what the ids define: the same drawing gets the same ids, and two
 * drawings share an id only where they define it alike, which is harmless.
 */
export function stableIds(root: Element): void {
  const elements = descendants(root);
  const defined = elements.filter((element) => element.hasAttribute("id"));
  if (defined.length === 0) return;
  const referring = elements.filter(refersToAnId);
  const ordinal = (k: number) => `dr-${k + 1}`;
  rename(defined, referring, new Map(defined.map((element, k) => [element.id, ordinal(k)])));
  const prefix = `dr${fnv1a(defined.map((element) => element.outerHTML).join(""))}`;
  rename(defined, referring, new Map(defined.map((element, k) => [element.id, `${prefix}-${k + 1}`])));
}

/**
 * The elements under `root` in document order, by sibling links: jsdom's live collections
 * (getElementsByTagName, children) and selector queries cost several times more for a figure's
 * few hundred elements.
 */
function descendants(root: Element): Element[] {
  const elements: Element[] = [];
  const walk = (parent: Element) => {
    for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
      elements.push(child);
      walk(child);
    }
  };
  walk(root);
  return elements;
}

/** The attributes that can point at an id: `url(#id)` paints, clips, masks, filters and markers, `#id` links. */
const URL_ATTRIBUTES = ["clip-path", "mask", "filter", "fill", "stroke", "marker-start", "marker-mid", "marker-end"];

function refersToAnId(element: Element): boolean {
  return element.hasAttribute("href") || URL_ATTRIBUTES.some((name) => element.getAttribute(name)?.startsWith("url"));
}

function rename(defined: Element[], referring: Element[], ids: Map<string, string>): void {
  defined.forEach((element) => (element.id = ids.get(element.id)!));
  for (const element of referring) {
    for (const attribute of Array.from(element.attributes)) {
      const value = attribute.value
        .replace(/url\(#([^)]+)\)/g, (all, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : all))
        .replace(/^#(.+)$/, (all, id: string) => (attribute.name === "href" && ids.has(id) ? `#${ids.get(id)}` : all));
      if (value !== attribute.value) attribute.value = value;
    }
  }
}

/** 32-bit FNV-1a of a string's UTF-16 code units, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}
