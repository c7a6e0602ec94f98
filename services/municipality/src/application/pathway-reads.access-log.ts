import type { AccessLog, PathwayRead } from '@ketenpad/platform';
import type { PathwayReader } from './pathway.query';

/**
 * Reads per INSERT: `AccessLog.record` binds 9 parameters per row in one
 * statement, and PostgreSQL takes at most 65,535 bind parameters, so a yearly
 * DDAS export of a large municipality (tens of thousands of pathways) must be
 * written in batches.
 */
const READS_PER_STATEMENT = 1_000;

/** Records every read on the access log, in batches of at most {@link READS_PER_STATEMENT} rows. */
export async function recordReads(
  accessLog: Pick<AccessLog, 'record'>,
  reader: PathwayReader,
  reads: readonly PathwayRead[],
): Promise<void> {
  for (let start = 0; start < reads.length; start += READS_PER_STATEMENT) {
    await accessLog.record(reader.principal, reads.slice(start, start + READS_PER_STATEMENT), reader.purpose);
  }
}
