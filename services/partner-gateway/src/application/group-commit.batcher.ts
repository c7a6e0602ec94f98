/**
 * Group commit: callers hand over items and wait until they are written;
 * while one write is in progress, whatever arrives meanwhile is gathered and
 * written by the next one. Under load a write carries many callers' items in
 * one database round trip; alone, an item is written at once.
 */
export class GroupCommit<T> {
  private waiting: { items: readonly T[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing: Promise<void> | undefined;

  constructor(private readonly write: (items: readonly T[]) => Promise<void>) {}

  /** Resolves once `items` are written; rejects with the write's error (together with everything written alongside). */
  submit(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      this.writing ??= this.writeAll();
    });
  }

  private async writeAll(): Promise<void> {
    for (;;) {
      const batch = this.waiting;
      this.waiting = [];
      // Cleared in the same synchronous step that finds nothing waiting, so a later submit starts a new loop.
      if (batch.length === 0) {
        this.writing = undefined;
        return;
      }
      try {
        await this.write(batch.flatMap((b) => b.items));
        for (const b of batch) b.resolve();
      } catch (error: unknown) {
        for (const b of batch) b.reject(error);
      }
    }
  }
}
