/**
 * The losses the replay computes, by the name Keras gives each, with the other names a Keras file
 * or a command line may use for it, and what its targets are: classes (the views that draw classes
 * apply) or values (a regression). The recorder, the importer and the replay share this vocabulary.
 */
export const LOSSES = {
  binary_crossentropy: { aliases: ["binarycrossentropy", "bce"], targets: "classes" },
  categorical_crossentropy: { aliases: ["categoricalcrossentropy"], targets: "classes" },
  sparse_categorical_crossentropy: { aliases: ["sparsecategoricalcrossentropy"], targets: "classes" },
  mean_squared_error: { aliases: ["meansquarederror", "mse"], targets: "values" },
} as const satisfies Record<string, { aliases: readonly string[]; targets: "classes" | "values" }>;

export type LossKind = keyof typeof LOSSES;

export const LOSS_KINDS = Object.keys(LOSSES) as LossKind[];

/** The loss kind a Keras loss name (any case, any alias) stands for, or undefined. */
export function lossKindOf(name: string): LossKind | undefined {
  const lower = name.toLowerCase();
  return LOSS_KINDS.find((kind) => kind === lower || (LOSSES[kind].aliases as readonly string[]).includes(lower));
}

/** False for a regression loss, whose targets are values rather than classes; true otherwise (unknown losses included). */
export function lossTargetsClasses(name: string): boolean {
  const kind = lossKindOf(name);
  return kind === undefined || LOSSES[kind].targets === "classes";
}
