import { DeepReplayError, type ErrorCode } from "@deepreplay/frames";

/**
 * A run's checkpoints as a series of epochs. The epoch is the last integer in the file name with its
 * extensions taken off (`epoch07.weights.h5` is 7, as `ModelCheckpoint('epoch{epoch:02d}.keras')` or a
 * loop's `f"epoch{e}.pt"` names it); epoch 0 is the model before training. Only the names are read
 * here: the weights come one checkpoint at a time, later.
 */

export interface SeriesOptions {
  /**
   * Start the recording at the first checkpoint when the series has no epoch 0 (the recording's
   * epoch 0 is then that checkpoint's weights). Default false: a series without epoch 0 is refused.
   */
  startAtFirst?: boolean;
}

export interface CheckpointSeries<T> {
  /** The checkpoints in epoch order, one per epoch from `firstEpoch`. */
  readonly files: readonly T[];
  /** The training epoch of the first checkpoint (0 unless `startAtFirst` skipped some). */
  readonly firstEpoch: number;
}

const EXTENSION = /\.(keras|h5|hdf5|weights|pt|pth|safetensors|bin|ckpt|onnx)$/i;

const baseName = (name: string): string => name.split(/[\\/]/).pop() ?? name;

/** The epoch a checkpoint's file name carries, or undefined when it has no integer. */
export function checkpointEpoch(name: string): number | undefined {
  let stem = baseName(name);
  while (EXTENSION.test(stem)) stem = stem.replace(EXTENSION, "");
  const match = /(\d+)\D*$/.exec(stem);
  return match ? Number.parseInt(match[1], 10) : undefined;
}

function refuse(code: ErrorCode, message: string, hint: string): DeepReplayError {
  return new DeepReplayError(code, message, { hint });
}

/** Orders checkpoints by epoch, refusing names without one, duplicates, gaps and (by default) a missing epoch 0. */
export function checkpointSeries<T extends { readonly name: string }>(
  files: readonly T[],
  options: SeriesOptions = {},
): CheckpointSeries<T> {
  const { startAtFirst = false } = options;
  if (files.length === 0)
    throw refuse(
      "NO_CHECKPOINTS",
      "No checkpoints were given.",
      "Pass a folder of per-epoch checkpoints or a list of them.",
    );
  const numbered = files.map((file) => ({ file, epoch: checkpointEpoch(file.name) }));
  const unnumbered = numbered.filter(({ epoch }) => epoch === undefined).map(({ file }) => baseName(file.name));
  if (unnumbered.length > 0) {
    throw refuse(
      "CHECKPOINT_WITHOUT_EPOCH",
      `No epoch number in the name of ${unnumbered.join(", ")}.`,
      "Name each checkpoint with its epoch, e.g. epoch{epoch:02d}.keras; epoch 0 is the model before training.",
    );
  }
  const sorted = [...numbered].sort((a, b) => a.epoch! - b.epoch!);
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1], sorted[i]];
    if (after.epoch === before.epoch) {
      throw refuse(
        "DUPLICATE_EPOCH",
        `${baseName(before.file.name)} and ${baseName(after.file.name)} are both epoch ${after.epoch}.`,
        "Pass one checkpoint per epoch.",
      );
    }
    if (after.epoch! > before.epoch! + 1) {
      const missing =
        after.epoch! - before.epoch! - 1 === 1
          ? `epoch ${before.epoch! + 1} is`
          : `epochs ${before.epoch! + 1}..${after.epoch! - 1} are`;
      throw refuse(
        "EPOCH_GAP",
        `The checkpoints jump from ${baseName(before.file.name)} (epoch ${before.epoch}) to ${baseName(after.file.name)} (epoch ${after.epoch}): ${missing} missing.`,
        "Pass every epoch's checkpoint (ModelCheckpoint with save_freq='epoch' and no save_best_only): the replay never invents weights.",
      );
    }
  }
  const firstEpoch = sorted[0].epoch!;
  if (firstEpoch !== 0 && !startAtFirst) {
    throw refuse(
      "NO_EPOCH_ZERO",
      `The checkpoints start at epoch ${firstEpoch} (${baseName(sorted[0].file.name)}): there is no epoch 0, the model before training.`,
      "Save one before fit: model.save('ckpt/epoch00.keras') (Keras) or torch.save(model.state_dict(), 'ckpt/epoch00.pt') (PyTorch); or start the replay at the first checkpoint (--start-at-first, startAtFirst: true).",
    );
  }
  return { files: sorted.map(({ file }) => file), firstEpoch };
}
