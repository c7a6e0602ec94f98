import type { DataSource } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import type { AccessLog } from '@ketenpad/platform';
import type { Clock } from '@ketenpad/runtime';
import { courtInstrumentsOf, type CourtInstruments } from '../domain/court/court-instrument.history';
import { ddasDelivery, refusedExportPeriod, wasActiveIn, type ExportPeriod } from '../domain/ddas/ddas-export.mapping';
import { ddasEarlySignalDelivery, hasSignalIn } from '../domain/ddas/ddas-vs-export.mapping';
import type { DdasUitwisselmodel } from '../domain/ddas/ddas.model';
import type { DdasVsUitwisselmodel } from '../domain/ddas/ddas-vs.model';
import type { CourtFactStore } from './court-fact-store.port';
import type { DdasDeliveryValidator, DdasEarlySignalDeliveryValidator } from './ddas-validator.port';
import type { PathwayStore } from './pathway-store.port';
import type { PathwayReader } from './pathway.query';
import { recordReads } from './pathway-reads.access-log';

/** The requested export period is no valid one (not a date, from after to, over a year). */
export class InvalidExportPeriod extends Error {
  override readonly name = 'InvalidExportPeriod';

  constructor(
    /** The query parameter at fault. */
    readonly field: 'from' | 'to',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The export we built breaks the official schema: a bug on our side. It is
 * never served; the problems say which fields (never their values).
 */
export class InvalidDdasDelivery extends Error {
  override readonly name = 'InvalidDdasDelivery';

  constructor(
    /** Which official schema, e.g. 'DDAS SHV v1.0'. */
    readonly standard: string,
    readonly problems: readonly string[],
  ) {
    super(`the DDAS export does not validate against the ${standard} schema: ${problems.join('; ')}`);
  }
}

/**
 * The municipality's DDAS deliveries to CBS: schuldhulpverlening (SHV v1.0),
 * built from the pathways and the court instruments the court liaison
 * reported, and vroegsignalering (VS v0.9), built from the early signals.
 * An export reads every pathway in it: each gets an access-log row
 * (`ddas-export`, `ddas-early-signal-export`) before the delivery is served.
 */
export class DdasExports {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: Pick<PathwayStore, 'listActiveBetween' | 'listSignalledBetween'>,
    private readonly courtFacts: Pick<CourtFactStore, 'listFor'>,
    private readonly validators: { readonly shv: DdasDeliveryValidator; readonly vs: DdasEarlySignalDeliveryValidator },
    private readonly clock: Clock,
    /** DDAS `codeGegevensleverancier`: the code of the party delivering the data. */
    private readonly supplierCode: string,
    private readonly accessLog: Pick<AccessLog, 'record'>,
  ) {}

  /**
   * One schuldhulptraject per pathway of the municipality active in
   * `from`..`to` ('YYYY-MM-DD', inclusive). InvalidExportPeriod for a bad
   * period; InvalidDdasDelivery when the result breaks the official schema.
   */
  async export(reader: PathwayReader, municipalityCode: string, from: string, to: string): Promise<DdasUitwisselmodel> {
    const period = exportPeriod(from, to);
    const manager = this.dataSource.manager;
    const pathways = await this.repository.listActiveBetween(manager, municipalityCode, period);
    const facts = await this.courtFacts.listFor(
      manager,
      municipalityCode,
      pathways.map((p) => p.pathwayId),
    );
    const courtInstruments = new Map<string, CourtInstruments>(
      [...facts].map(([pathwayId, f]) => [pathwayId, courtInstrumentsOf(f)]),
    );
    const delivery = ddasDelivery({
      municipalityCode,
      period,
      deliveredAt: this.clock.now(),
      supplierCode: this.supplierCode,
      pathways,
      courtInstruments,
    });
    const problems = this.validators.shv.problemsOf(delivery);
    if (problems.length > 0) throw new InvalidDdasDelivery('DDAS SHV v1.0', problems);
    const exported = pathways.filter((state) => wasActiveIn(state, period));
    await recordReads(
      this.accessLog,
      reader,
      exported.map((state) => ({ pathwayId: state.pathwayId, resource: 'ddas-export' })),
    );
    return delivery;
  }

  /**
   * The vroegsignalering delivery: the municipality's early signals dated in
   * `from`..`to` and what became of them. Same errors as {@link export}.
   */
  async exportEarlySignals(
    reader: PathwayReader,
    municipalityCode: string,
    from: string,
    to: string,
  ): Promise<DdasVsUitwisselmodel> {
    const period = exportPeriod(from, to);
    const pathways = await this.repository.listSignalledBetween(this.dataSource.manager, municipalityCode, period);
    const delivery = ddasEarlySignalDelivery({
      municipalityCode,
      period,
      deliveredAt: this.clock.now(),
      supplierCode: this.supplierCode,
      pathways,
    });
    const problems = this.validators.vs.problemsOf(delivery);
    if (problems.length > 0) throw new InvalidDdasDelivery('DDAS vroegsignalering v0.9', problems);
    const exported = pathways.filter(
      (state) => state.municipalityCode === municipalityCode && hasSignalIn(state, period),
    );
    await recordReads(
      this.accessLog,
      reader,
      exported.map((state) => ({ pathwayId: state.pathwayId, resource: 'ddas-early-signal-export' })),
    );
    return delivery;
  }
}

function exportPeriod(from: string, to: string): ExportPeriod {
  const refused = refusedExportPeriod(from, to);
  // Every refusal names its parameter first ('from must ...', 'to must ...');
  // a period over a year is the `to` that lies too far.
  if (refused) throw new InvalidExportPeriod(refused.startsWith('from ') ? 'from' : 'to', refused);
  return { from: LocalDate.parse(from), to: LocalDate.parse(to) };
}
