import type { DataSource } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import type { Clock } from '@ketenpad/runtime';
import { ddasDelivery, refusedExportPeriod } from '../domain/ddas/ddas-export.mapping';
import type { DdasUitwisselmodel } from '../domain/ddas/ddas.model';
import type { DdasDeliveryValidator } from './ddas-validator.port';
import type { PathwayStore } from './pathway-store.port';

/** The requested export period is no valid one (not a date, from after to, over a year). */
export class InvalidExportPeriod extends Error {
  override readonly name = 'InvalidExportPeriod';
}

/**
 * The export we built breaks the official schema: a bug on our side. It is
 * never served; the problems say which fields (never their values).
 */
export class InvalidDdasDelivery extends Error {
  override readonly name = 'InvalidDdasDelivery';

  constructor(readonly problems: readonly string[]) {
    super(`the DDAS export does not validate against the DDAS SHV v1.0 schema: ${problems.join('; ')}`);
  }
}

/** The municipality's DDAS SHV v1.0 delivery to CBS, built from the pathways' state. */
export class DdasExports {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: Pick<PathwayStore, 'listActiveBetween'>,
    private readonly validator: DdasDeliveryValidator,
    private readonly clock: Clock,
    /** DDAS `codeGegevensleverancier`: the code of the party delivering the data. */
    private readonly supplierCode: string,
  ) {}

  /**
   * One schuldhulptraject per pathway of the municipality active in
   * `from`..`to` ('YYYY-MM-DD', inclusive). InvalidExportPeriod for a bad
   * period; InvalidDdasDelivery when the result breaks the official schema.
   */
  async export(municipalityCode: string, from: string, to: string): Promise<DdasUitwisselmodel> {
    const refused = refusedExportPeriod(from, to);
    if (refused) throw new InvalidExportPeriod(refused);
    const period = { from: LocalDate.parse(from), to: LocalDate.parse(to) };
    const pathways = await this.repository.listActiveBetween(this.dataSource.manager, municipalityCode, period);
    const delivery = ddasDelivery({
      municipalityCode,
      period,
      deliveredAt: this.clock.now(),
      supplierCode: this.supplierCode,
      pathways,
    });
    const problems = this.validator.problemsOf(delivery);
    if (problems.length > 0) throw new InvalidDdasDelivery(problems);
    return delivery;
  }
}
