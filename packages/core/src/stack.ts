import { ndarray, type NdArray } from "@deepreplay/frames";

/**
 * Stacks one array per epoch into a single [epochs, ...shape] array, allocated once when the first
 * epoch arrives (the materialised form of a lazy computation, for export and tests).
 */
export class Stack {
  readonly #epochs: number;
  #data: Float32Array | undefined;
  #shape: readonly number[] = [];
  #count = 0;

  constructor(epochs: number) {
    this.#epochs = epochs;
  }

  push(values: ArrayLike<number>, shape: readonly number[]): void {
    this.#data ??= new Float32Array(this.#epochs * values.length);
    this.#shape = shape;
    this.#data.set(values, this.#count++ * values.length);
  }

  /** The stacked array; [0] when nothing was pushed (the original's empty np.array([])). */
  toNdArray(): NdArray {
    return this.#data ? ndarray(this.#data, [this.#epochs, ...this.#shape]) : EMPTY();
  }
}

export const EMPTY = (): NdArray => ndarray(new Float32Array(0), [0]);
