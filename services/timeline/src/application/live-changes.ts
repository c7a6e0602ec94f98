import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import type { Principal } from '@ketenpad/auth';
import { Clock } from '@ketenpad/runtime';
import type { PathwaySummary } from '../domain/pathway-summary';
import { mayReadEvent, readAccess, type Reader } from '../domain/read-access.policy';
import { PathwayChangesHub, type PathwayChange } from './pathway-changes.hub';

/** What a live reader is told: which pathway changed and when. No event data, no personal data. */
export interface LiveSignal {
  readonly pathwayId: string;
  readonly at: string;
}

/** Streams one principal may hold open at once (a few tabs); more answer 429. */
export const MAX_STREAMS_PER_PRINCIPAL = 5;

export class TooManyStreams extends Error {}

interface LiveReader {
  readonly key: string;
  readonly reader: Reader;
  readonly pathwayId: string | undefined;
  readonly send: (signal: LiveSignal) => void;
}

/**
 * Live change signals per reader, decided by the chain's one need-to-know
 * policy: a reader hears of a pathway only when it may see the pathway and at
 * least one of the new events (a GP does not learn that the municipality did
 * something it may not read). Summaries are read once per committed batch, not
 * once per reader.
 */
@Injectable()
export class LiveChanges implements OnModuleDestroy {
  private readonly readers = new Set<LiveReader>();
  /** Set while at least one reader listens: without readers the projection records no changes at all. */
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly hub: PathwayChangesHub,
  ) {}

  /** Starts delivering signals to `send`; the returned function stops it. */
  open(principal: Principal, pathwayId: string | undefined, send: (signal: LiveSignal) => void): () => void {
    const key = `${principal.organisation.kind}:${principal.organisation.id}:${principal.subject}`;
    if ([...this.readers].filter((r) => r.key === key).length >= MAX_STREAMS_PER_PRINCIPAL) throw new TooManyStreams();
    const reader: LiveReader = { key, reader: { ...principal.organisation }, pathwayId, send };
    this.readers.add(reader);
    this.unsubscribe ??= this.hub.subscribe((changes) => void this.dispatch(changes));
    return () => {
      this.readers.delete(reader);
      if (this.readers.size === 0) this.stopListening();
    };
  }

  get openStreams(): number {
    return this.readers.size;
  }

  onModuleDestroy(): void {
    this.readers.clear();
    this.stopListening();
  }

  private stopListening(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private async dispatch(changes: readonly PathwayChange[]): Promise<void> {
    if (this.readers.size === 0 || changes.length === 0) return;
    let summaries: Map<string, PathwaySummary>;
    try {
      summaries = await this.summaries(changes.map((c) => c.pathwayId));
    } catch {
      // A live signal is a hint to refetch; a reader that misses one still sees the change on its next read.
      return;
    }
    const today = LocalDate.fromInstant(this.clock.now()).toString();
    for (const live of this.readers) {
      for (const change of changes) {
        if (live.pathwayId !== undefined && live.pathwayId !== change.pathwayId) continue;
        const summary = summaries.get(change.pathwayId);
        if (!summary) continue;
        const access = readAccess(summary, live.reader, LocalDate.parse(today));
        if (!access.visible || !change.events.some((event) => mayReadEvent(access, event, live.reader))) continue;
        live.send({ pathwayId: change.pathwayId, at: change.at });
      }
    }
  }

  private async summaries(pathwayIds: readonly string[]): Promise<Map<string, PathwaySummary>> {
    const rows: Array<{ pathway_id: string; state: PathwaySummary }> = await this.dataSource.query(
      'SELECT pathway_id, state FROM pathway_summary WHERE pathway_id = ANY($1::uuid[])',
      [pathwayIds],
    );
    return new Map(rows.map((r) => [r.pathway_id, r.state]));
  }
}
