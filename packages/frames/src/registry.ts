import { DeepReplayError } from "./errors.js";
import type { Frame, FrameKind, FrameOfKind } from "./frame.js";

export interface RenderOptions {
  /** Output width in CSS pixels. */
  width?: number;
  /** Output height in CSS pixels. */
  height?: number;
  /** Panel title prefix (the original's `set_title`); the epoch is appended. */
  title?: string;
}

/**
 * A renderer turns frames of the kinds it declares into one output format ("svg", "csv", ...).
 * Register it and every tool that renders by format finds it.
 */
export interface RendererPlugin<K extends FrameKind = FrameKind, Output = unknown> {
  readonly name: string;
  readonly format: string;
  readonly kinds: readonly K[];
  render(frame: FrameOfKind<K>, options?: RenderOptions): Output;
}

/** Maps (frame kind, format) to the plugin that draws it; the last registration wins. */
export class RendererRegistry {
  readonly #plugins = new Map<string, RendererPlugin>();

  /** Registers a plugin for each kind it declares; returns a function that removes it again. */
  register<K extends FrameKind>(plugin: RendererPlugin<K>): () => void {
    if (!plugin.name || !plugin.format || plugin.kinds.length === 0 || typeof plugin.render !== "function") {
      throw new DeepReplayError("INVALID_PLUGIN", `Renderer plugin "${plugin.name}" is incomplete.`, {
        hint: "A plugin needs a name, a format, at least one frame kind and a render function.",
      });
    }
    const keys = plugin.kinds.map((kind) => `${kind}\u0000${plugin.format}`);
    const previous = keys.map((key) => this.#plugins.get(key));
    keys.forEach((key) => this.#plugins.set(key, plugin as unknown as RendererPlugin));
    return () =>
      keys.forEach((key, i) => {
        if (this.#plugins.get(key) !== (plugin as unknown)) return;
        const before = previous[i];
        if (before) this.#plugins.set(key, before);
        else this.#plugins.delete(key);
      });
  }

  find<K extends FrameKind>(kind: K, format: string): RendererPlugin<K> | undefined {
    return this.#plugins.get(`${kind}\u0000${format}`) as RendererPlugin<K> | undefined;
  }

  /** The plugin for a frame, or a typed error naming what is registered. */
  get<K extends FrameKind>(kind: K, format: string): RendererPlugin<K> {
    const plugin = this.find(kind, format);
    if (!plugin) {
      const formats = this.formats(kind);
      throw new DeepReplayError("NO_RENDERER", `No renderer is registered for "${kind}" frames as ${format}.`, {
        hint: formats.length
          ? `Registered formats for this kind: ${formats.join(", ")}.`
          : `Import a renderer package (e.g. @deepreplay/render-svg) or register a plugin with registerRenderer().`,
      });
    }
    return plugin;
  }

  formats(kind: FrameKind): string[] {
    const suffix = `${kind}\u0000`;
    return [...this.#plugins.keys()].filter((k) => k.startsWith(suffix)).map((k) => k.slice(suffix.length));
  }

  plugins(): RendererPlugin[] {
    return [...new Set(this.#plugins.values())];
  }
}

/**
 * Where the shared registry lives: a key on globalThis, so that two copies of this module (a
 * bundle beside node_modules, CommonJS beside ESM) register into, and find in, the same registry.
 */
const REGISTRY_KEY = Symbol.for("@deepreplay/frames.renderers");

/** The one registry every package shares. */
export const renderers: RendererRegistry = ((globalThis as Record<symbol, RendererRegistry | undefined>)[
  REGISTRY_KEY
] ??= new RendererRegistry());

export function registerRenderer<K extends FrameKind>(plugin: RendererPlugin<K>): () => void {
  return renderers.register(plugin);
}

export function renderFrame<Output = unknown>(frame: Frame, format: string, options?: RenderOptions): Output {
  return renderers.get(frame.kind, format).render(frame as never, options) as Output;
}
