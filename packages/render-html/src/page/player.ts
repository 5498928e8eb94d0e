/**
 * The replay's state: which epoch is shown, whether it plays and how fast. No DOM of its own;
 * it asks `draw` for each epoch and waits for it, so a slow figure never queues up frames, and
 * a slider dragged faster than figures draw shows only the latest epoch.
 */
export interface PlayerOptions {
  /** Number of epochs; indices run 0..count-1. */
  readonly count: number;
  /** Epochs per second at speed 1. */
  readonly fps: number;
  draw(index: number): Promise<void>;
  /** Index, playing or speed changed. */
  changed(player: Player): void;
  failed(error: unknown): void;
}

export class Player {
  readonly #options: PlayerOptions;
  #index = 0;
  #shown = -1;
  #drawing = false;
  #playing = false;
  #speed = 1;
  #lastStep = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: PlayerOptions) {
    this.#options = options;
  }

  get index(): number {
    return this.#index;
  }

  get playing(): boolean {
    return this.#playing;
  }

  get speed(): number {
    return this.#speed;
  }

  get last(): number {
    return this.#options.count - 1;
  }

  seek(index: number): void {
    this.#index = Math.min(this.last, Math.max(0, Math.round(index)));
    this.#options.changed(this);
    void this.#drawPending();
  }

  step(delta: number): void {
    this.seek(this.#index + delta);
  }

  play(): void {
    if (this.#playing) return;
    this.#playing = true;
    this.#lastStep = performance.now();
    if (this.#index >= this.last) this.seek(0);
    else {
      this.#options.changed(this);
      if (!this.#drawing) this.#scheduleStep();
    }
  }

  pause(): void {
    clearTimeout(this.#timer);
    if (!this.#playing) return;
    this.#playing = false;
    this.#options.changed(this);
  }

  toggle(): void {
    if (this.#playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    if (!(speed > 0)) return;
    this.#speed = speed;
    this.#options.changed(this);
    // The step already waiting was timed at the old speed.
    if (this.#playing && !this.#drawing) this.#scheduleStep();
  }

  async #drawPending(): Promise<void> {
    if (this.#drawing) return;
    this.#drawing = true;
    try {
      while (this.#shown !== this.#index) {
        const index = this.#index;
        await this.#options.draw(index);
        this.#shown = index;
      }
    } catch (error) {
      this.pause();
      this.#options.failed(error);
    } finally {
      this.#drawing = false;
    }
    if (this.#playing) this.#scheduleStep();
  }

  /** The next epoch one period after the last step began, or at once if drawing took longer. */
  #scheduleStep(): void {
    clearTimeout(this.#timer);
    if (this.#index >= this.last) {
      this.pause();
      return;
    }
    const period = 1000 / (this.#options.fps * this.#speed);
    const wait = Math.max(0, this.#lastStep + period - performance.now());
    this.#timer = setTimeout(() => {
      this.#lastStep = performance.now();
      this.seek(this.#index + 1);
    }, wait);
  }
}
