import { Injectable } from '@nestjs/common';

/** What a reader needs to decide whether a change concerns it: the new events' class and producer, no data. */
export interface ChangedEvent {
  readonly classification: string;
  readonly source: string;
}

/** The events one committed projection transaction added to one pathway. */
export interface PathwayChange {
  readonly pathwayId: string;
  readonly events: readonly ChangedEvent[];
  /** When the transaction that projected them committed. */
  readonly at: string;
}

export type PathwayChangeListener = (changes: readonly PathwayChange[]) => void;

/**
 * Tells live readers (the server-sent-event stream) which pathways changed,
 * but only once the projection's transaction committed: a reader that refetches
 * on the signal must see the new state, and a rolled-back batch (it will be
 * delivered again) must signal nothing. The projection records its changes
 * against the transaction that made them (any key object, in practice the
 * TypeORM query runner); the persistence adapter reports commit and rollback.
 *
 * Per process: each timeline instance signals the batches it projected itself.
 * With several instances a reader connected to one would miss the batches
 * another projects; PostgreSQL LISTEN/NOTIFY (sent inside the projection's
 * transaction) is the way to share them when the timeline scales out.
 */
@Injectable()
export class PathwayChangesHub {
  private readonly pending = new WeakMap<object, Map<string, ChangedEvent[]>>();
  private readonly listeners = new Set<PathwayChangeListener>();

  /** Called inside the projection's transaction. */
  record(transaction: object, pathwayId: string, events: readonly ChangedEvent[]): void {
    if (this.listeners.size === 0) return;
    let changes = this.pending.get(transaction);
    if (!changes) this.pending.set(transaction, (changes = new Map<string, ChangedEvent[]>()));
    const list = changes.get(pathwayId);
    if (list) list.push(...events);
    else changes.set(pathwayId, [...events]);
  }

  committed(transaction: object, at: Date = new Date()): void {
    const changes = this.pending.get(transaction);
    if (!changes) return;
    this.pending.delete(transaction);
    const published = [...changes].map(([pathwayId, events]) => ({ pathwayId, events, at: at.toISOString() }));
    for (const listener of this.listeners) listener(published);
  }

  rolledBack(transaction: object): void {
    this.pending.delete(transaction);
  }

  subscribe(listener: PathwayChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
