/**
 * In-process "the outbox has new rows" signal: the writer's caller fires it
 * after commit so a relay in the same process publishes without waiting for
 * its poll or the database notification.
 */
export class OutboxSignal {
  private readonly listeners = new Set<() => void>();

  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }
}
