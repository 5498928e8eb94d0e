/**
 * Plot numbers its clip paths with a process-wide counter, so the same frame would not give the
 * same SVG twice, and two SVGs inlined in one page could share an id. Renames every id in document
 * order and prefixes a hash of the content: the same drawing gets the same ids, different drawings
 * different ones.
 */
export function stableIds(root: Element): void {
  const renamed = renameIds(root, (k) => `dr-${k}`);
  if (renamed.length === 0) return;
  const prefix = `dr${fnv1a(root.outerHTML)}`;
  renameIds(root, (k) => `${prefix}-${k}`);
}

/** Gives the k-th element with an id the id `name(k)` and updates every `url(#id)` and `#id` reference. */
function renameIds(root: Element, name: (k: number) => string): string[] {
  const elements = Array.from(root.querySelectorAll("[id]"));
  const ids = new Map(elements.map((element, k) => [element.id, name(k + 1)]));
  elements.forEach((element) => (element.id = ids.get(element.id)!));
  for (const element of [root, ...Array.from(root.querySelectorAll("*"))]) {
    for (const attribute of Array.from(element.attributes)) {
      const value = attribute.value.replace(/url\(#([^)]+)\)/g, (all, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : all));
      const href = /href$/.test(attribute.name) && value.startsWith("#") && ids.get(value.slice(1));
      const next = href ? `#${href}` : value;
      if (next !== attribute.value) element.setAttributeNS(attribute.namespaceURI, attribute.name, next);
    }
  }
  return [...ids.values()];
}

/** 32-bit FNV-1a of a string's UTF-16 code units, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}
