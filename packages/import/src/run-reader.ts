import type { ModelDescription, NdArray } from "@deepreplay/frames";
import type { NamedBytes } from "./types.js";

/**
 * What the assembly needs from a framework's reader: the run's model, and each checkpoint's
 * weights per layer (Keras order), one checkpoint at a time. One reader per framework, in a list.
 */
export interface OpenedRun {
  /** Architecture and compile settings (loss, metrics, optimizer), as far as the files tell. */
  readonly model: ModelDescription;
  /** The compiled loss says the model ends in logits. */
  readonly fromLogits: boolean;
  /** One checkpoint's weights; a checkpoint of another architecture is refused, naming it. */
  read(file: NamedBytes): Promise<NdArray[][]>;
}

export interface OpenOptions {
  /** The architecture file (--model). */
  readonly model?: NamedBytes;
  /** The loss, when the files do not name one (--loss). */
  readonly loss?: string;
}

export interface RunReader {
  /** True for the checkpoints this reader reads (by their name). */
  claims(file: NamedBytes): boolean;
  /** Reads the architecture from `options.model` or the first checkpoint. */
  open(first: NamedBytes, options: OpenOptions): Promise<OpenedRun>;
}
