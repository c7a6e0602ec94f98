import { Controller, Inject, Optional } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@ketenpad/events';
import type { InboxBatchItem } from '@ketenpad/messaging';
import { ANY_EVENT, ANY_EVENT_BATCH, type InboxBatchContext, type InboxEventContext } from '@ketenpad/platform';
import { type ChainEvent, parseSource, serviceKindOf } from '../domain/chain-event';
import { describeEvent } from '../domain/event-description';
import { foldNewerEvents, foldSummary } from '../domain/pathway-summary';
import { ERASURE_REQUESTED, PATHWAY_MERGED, withoutIdentifyingData } from '../domain/personal-data';
import {
  TimelineRepository,
  type PathwayProjection,
  type ProjectionPosition,
  type TimelineEntryRow,
} from '../adapters/persistence/timeline.repository';
import { PathwayChangesHub } from './pathway-changes.hub';
import { PersonalDataErasure } from './personal-data-erasure';
import { PROJECTION_GENERATION, projectionConsumerName } from './projection.generation';

/** Events per set of statements; bounds the parameters of one statement (PostgreSQL allows 65535). */
const CHUNK = 500;

/**
 * Projects every chain event into the timeline: one entry per event, the
 * pathway summary with the coordinator analytics derived from it, plus the
 * checkpoint, all in the inbox transaction - so an event is applied exactly
 * once even when Kafka delivers it again. Events are applied set-wise: the
 * events of one inbox transaction cost a handful of statements together
 * (lock the summaries, [refold], write everything), one event is a set of one.
 */
@Controller()
export class TimelineProjection {
  private readonly consumerName: string;

  constructor(
    private readonly repository: TimelineRepository,
    @Inject(PROJECTION_GENERATION) generation: string,
    @Optional() private readonly erasure?: PersonalDataErasure,
    @Optional() private readonly changes?: PathwayChangesHub,
  ) {
    this.consumerName = projectionConsumerName(generation);
  }

  @EventPattern(ANY_EVENT)
  async project(@Payload() { event, manager, meta }: InboxEventContext): Promise<void> {
    await this.projectBatch([{ event, meta }], manager);
  }

  /** The new events of one inbox transaction at once; when a batch fails the inbox falls back to {@link project} per event. */
  @EventPattern(ANY_EVENT_BATCH)
  async projectTransaction(@Payload() { items, manager }: InboxBatchContext): Promise<void> {
    await this.projectBatch(items, manager);
  }

  /** The new events of one inbox transaction, in offset order (the inbox's batch handler). */
  async projectBatch(items: readonly InboxBatchItem[], manager: EntityManager): Promise<void> {
    for (let start = 0; start < items.length; start += CHUNK)
      await this.projectChunk(items.slice(start, start + CHUNK), manager);
  }

  private async projectChunk(items: readonly InboxBatchItem[], manager: EntityManager): Promise<void> {
    const entries = items.map(({ event, meta }) => entryOf(toChainEvent(event), meta));
    const byPathway = new Map<string, TimelineEntryRow[]>();
    for (const entry of entries) {
      const list = byPathway.get(entry.event.pathwayId);
      if (list) list.push(entry);
      else byPathway.set(entry.event.pathwayId, [entry]);
    }
    const ids = [...byPathway.keys()];
    const locked = await this.repository.lockSummaries(manager, ids);
    const current = new Map([...locked].map(([id, { state }]) => [id, state]));
    // A pathway whose personal data was erased keeps nothing identifying, also from events that arrive later.
    const stored = entries.map((e) =>
      locked.get(e.event.pathwayId)?.erased
        ? { ...e, event: { ...e.event, data: withoutIdentifyingData(e.event.data) } }
        : e,
    );
    // Topics are consumed independently, so a pathway's events can arrive out of
    // order (always so when rebuilding from offset zero). The summary is defined as
    // the fold of all its events in canonical order: fold incrementally while each
    // event is the newest, otherwise fold the pathway's stored events again.
    const projections: PathwayProjection[] = [];
    const refold: string[] = [];
    for (const [pathwayId, entriesOfPathway] of byPathway) {
      const previous = current.get(pathwayId);
      const summary = foldNewerEvents(
        previous,
        entriesOfPathway.map((e) => e.event),
      );
      if (summary) projections.push({ previous, summary });
      else refold.push(pathwayId);
    }
    if (refold.length > 0) {
      // The refold reads the stored events, so this set's entries are stored first.
      await this.repository.insertEntries(manager, stored);
      const events = await this.repository.findEventsForFold(manager, refold);
      for (const pathwayId of refold)
        projections.push({
          previous: current.get(pathwayId),
          summary: foldSummary(undefined, events.get(pathwayId) ?? [])!,
        });
    }
    await this.repository.saveProjections(
      manager,
      refold.length > 0 ? [] : stored,
      projections,
      positionsOf(this.consumerName, entries),
    );
    this.signalChanges(manager, byPathway);
    if (this.erasure)
      for (const { event } of entries) {
        if (event.type === ERASURE_REQUESTED) await this.erasure.erase(manager, event.pathwayId, event.data);
        if (event.type === PATHWAY_MERGED) await this.erasure.mergeRecorded(manager, event.pathwayId, event.data);
      }
  }

  /** Live readers hear of the changed pathways once this transaction committed (never of a rolled-back one). */
  private signalChanges(manager: EntityManager, byPathway: ReadonlyMap<string, readonly TimelineEntryRow[]>): void {
    if (!this.changes) return;
    const transaction = manager.queryRunner?.isTransactionActive ? manager.queryRunner : undefined;
    const key = transaction ?? {};
    for (const [pathwayId, rows] of byPathway)
      this.changes.record(
        key,
        pathwayId,
        rows.map(({ event }) => ({ classification: event.classification, source: event.source })),
      );
    if (!transaction) this.changes.committed(key);
  }
}

function toChainEvent(envelope: EventEnvelope): ChainEvent {
  return {
    id: envelope.id,
    type: envelope.type,
    source: envelope.source,
    time: envelope.time,
    pathwayId: envelope.pathwayid,
    classification: envelope.classification,
    data: envelope.data,
  };
}

function entryOf(event: ChainEvent, meta: InboxBatchItem['meta']): TimelineEntryRow {
  // A service's own event (`urn:nld:ketenpad:<kind>`) has a kind but no organisation.
  const serviceKind = serviceKindOf(event.source);
  const organisation =
    parseSource(event.source) ??
    (serviceKind === undefined ? { kind: 'unknown', id: event.source } : { kind: serviceKind, id: '' });
  return {
    event,
    organisationKind: organisation.kind,
    organisationId: organisation.id,
    topic: meta.topic,
    partition: meta.partition,
    offset: meta.offset,
    summary: describeEvent(event),
  };
}

/** The highest offset per partition: the checkpoint after this set. */
function positionsOf(consumer: string, entries: readonly TimelineEntryRow[]): ProjectionPosition[] {
  const last = new Map<string, ProjectionPosition>();
  for (const { topic, partition, offset } of entries) {
    const key = `${topic}/${partition}`;
    const seen = last.get(key);
    if (!seen || BigInt(offset) > BigInt(seen.offset)) last.set(key, { consumer, topic, partition, offset });
  }
  return [...last.values()];
}
