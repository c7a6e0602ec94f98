import { Client } from 'pg';
import { chainEventStreams } from '../../infra/cli/src/demo/chain-event.stream';
import { generateScenarios } from '../../infra/cli/src/demo/scenario.generator';
import { describeEvent } from '../../services/timeline/src/domain/event-description';
import { evolveSummary, type PathwaySummary } from '../../services/timeline/src/domain/pathway-summary';
import type { ChainEvent } from '../../services/timeline/src/domain/chain-event';
import { measurement, type BenchContext, type Measurement } from './bench.context';
import { copyFrom } from './copy-in.query';

const PATHWAYS_PER_CHUNK = 2_000;
const SEED = 1_000_003;

/** What was loaded before the B2 history run. */
export interface Preloaded {
  readonly entries: number;
  readonly inboxRows: number;
  readonly summaries: number;
  readonly load: Measurement;
}

/**
 * Loads `events` load-generator events as history the projection has already
 * processed: timeline entries, their inbox rows (under the consumer the B2
 * run uses) and each pathway's folded summary, with COPY in chunks of whole
 * pathways so memory stays flat. The per-message cost B2 then measures must
 * not grow with this history (QUALITY.md).
 */
export async function preloadHistory(ctx: BenchContext, consumer: string, events: number): Promise<Preloaded> {
  const client = new Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  const started = performance.now();
  let entries = 0;
  let summaries = 0;
  try {
    for (let chunk = 0; entries < events; chunk++) {
      const scenarios = generateScenarios({ pathways: PATHWAYS_PER_CHUNK, seed: SEED + chunk });
      const streams = chainEventStreams(scenarios, {
        seed: SEED + chunk,
        startsAt: Date.parse('2020-01-06T08:00:00Z') + chunk * PATHWAYS_PER_CHUNK * 600_000,
        spacingMs: 600_000,
      });
      const entryLines: string[] = [];
      const inboxLines: string[] = [];
      const summaryLines: string[] = [];
      let offset = entries;
      for (const stream of streams) {
        if (entries + entryLines.length >= events) break;
        let summary: PathwaySummary | undefined;
        for (const envelope of stream.events) {
          const event: ChainEvent = {
            id: envelope.id,
            type: envelope.type,
            source: envelope.source,
            time: envelope.time,
            pathwayId: envelope.pathwayid,
            classification: envelope.classification,
            data: envelope.data as Record<string, unknown>,
          };
          const [, , , kind = '', organisationId = ''] = event.source.split(':');
          const topic = `${kind}.events.v1`;
          const partition = offset % 6;
          entryLines.push(
            row([
              event.id,
              event.pathwayId,
              event.type,
              event.source,
              kind,
              organisationId,
              event.classification,
              event.time,
              event.time,
              topic,
              String(partition),
              String(offset),
              describeEvent(event, summary),
              JSON.stringify(event.data),
            ]),
          );
          inboxLines.push(row([consumer, event.id, topic, String(partition), String(offset)]));
          summary = evolveSummary(summary, event);
          offset++;
        }
        if (summary)
          summaryLines.push(
            row([
              summary.pathwayId,
              summary.municipalityCode ?? '\\N',
              summary.phase,
              String(summary.closedAt !== null),
              JSON.stringify(summary),
              summary.lastEventAt,
            ]),
          );
      }
      await copyFrom(
        client,
        'COPY timeline_entry (event_id, pathway_id, type, source, organisation_kind, organisation_id, classification, occurred_at, event_time, topic, kafka_partition, kafka_offset, summary, data) FROM STDIN',
        [Buffer.from(entryLines.join('\n') + '\n')],
      );
      await copyFrom(client, 'COPY inbox (consumer, event_id, topic, partition, "offset") FROM STDIN', [
        Buffer.from(inboxLines.join('\n') + '\n'),
      ]);
      await copyFrom(
        client,
        'COPY pathway_summary (pathway_id, municipality_code, phase, closed, state, last_event_at) FROM STDIN',
        [Buffer.from(summaryLines.join('\n') + '\n')],
      );
      entries += entryLines.length;
      summaries += summaryLines.length;
      ctx.progress(`B2 history: preloading ${entries}/${events} events`);
    }
    await client.query('ANALYZE');
    return { entries, inboxRows: entries, summaries, load: measurement(entries, performance.now() - started) };
  } finally {
    await client.end();
  }
}

/** One line of COPY text format: tab-separated, with backslash, tab and newline escaped. */
function row(fields: readonly string[]): string {
  return fields
    .map((f) => (f === '\\N' ? f : f.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')))
    .join('\t');
}
