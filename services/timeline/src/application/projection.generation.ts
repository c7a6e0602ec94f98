import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@ketenpad/runtime';

/** Injection token of the projection generation in use (env `TIMELINE_PROJECTION_GENERATION`, default {@link DEFAULT_GENERATION}). */
export const PROJECTION_GENERATION = Symbol('timeline.projection-generation');

/**
 * The generation a deployment runs unless it names one. It moves on whenever
 * the fold derives something different from the same events, so an upgrade
 * rebuilds the read model once, from offset zero: 2 = figures on business time
 * (issue 13: a pathway starts when help was requested, merges count as
 * acceptance, re-referral to a decliner is a bounce); 3 = participants as the
 * need-to-know policy counts them (issue 12: no referrer of a merged referral,
 * no organisation that declined, no service-level source).
 */
export const DEFAULT_GENERATION = '3';

export function configuredGeneration(env: NodeJS.ProcessEnv = process.env): string {
  const generation = env.TIMELINE_PROJECTION_GENERATION ?? DEFAULT_GENERATION;
  if (!/^[A-Za-z0-9-]{1,40}$/.test(generation))
    throw new Error('TIMELINE_PROJECTION_GENERATION must be 1-40 letters, digits or dashes');
  return generation;
}

/** Every table the projection derives from events; a rebuild empties exactly these. */
export const READ_MODEL_TABLES: readonly string[] = [
  'timeline_entry',
  'pathway_summary',
  'bottleneck_hand_off',
  'bottleneck_phase_stay',
  'projection_checkpoint',
];

/** Consumer name and consumer group id of a projection generation. */
export function projectionConsumerName(generation: string): string {
  return `timeline.projection.g${generation}`;
}

/**
 * Rebuilding the timeline = starting a new generation: a new consumer group
 * reads every topic from offset zero. Before its first event, the read model of
 * the previous generation is emptied here (in one transaction), so no event is
 * folded into a summary twice. Runs during application init, before the inbox
 * consumer starts.
 */
@Injectable()
export class ProjectionGenerationGuard implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PROJECTION_GENERATION) private readonly generation: string,
    private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows: Array<{ generation: string }> = await manager.query(
        'SELECT generation FROM projection_state FOR UPDATE',
      );
      const stored = rows[0]?.generation;
      if (stored === this.generation) return;
      if (stored !== undefined) {
        // Only tables derived from events: never access_log (append-only by law),
        // timeline_alert (alerts already published must not be raised again) nor
        // timeline_erasure (erasures carried out stay carried out).
        await manager.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
        await manager.query('DELETE FROM inbox WHERE consumer = $1', [projectionConsumerName(stored)]);
        this.logger.warn('timeline read model emptied for a rebuild from offset zero', {
          from: stored,
          to: this.generation,
        });
      }
      await manager.query(
        'INSERT INTO projection_state (generation) VALUES ($1) ON CONFLICT (singleton) DO UPDATE SET generation = EXCLUDED.generation',
        [this.generation],
      );
    });
  }
}
