import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@ketenpad/messaging';
import { AccessLog } from '@ketenpad/platform';
import { Clock, JsonLogger, SystemClock } from '@ketenpad/runtime';
import { PathwayCommandHandler } from './application/pathway.command-handler';
import { PathwayQueries } from './application/pathway.query';
import { BsnBlindIndex } from './adapters/persistence/bsn.blind-index';
import { PathwayRepository } from './adapters/persistence/pathway.repository';
import { loadResidentCryptoKeys } from './adapters/persistence/resident-crypto.config';
import { ResidentDataCipher } from './adapters/persistence/resident-data.cipher';
import { PathwayController } from './adapters/http/pathway.controller';
import { ConsentController } from './adapters/http/consent.controller';
import { TrajectoryController } from './adapters/http/trajectory.controller';
import { ChainReactionsConsumer } from './adapters/messaging/chain-reactions.consumer';
import { ChainReactionsHandler } from './application/chain-reactions.handler';
import { DdasExports } from './application/ddas-export.query';
import { DdasDeliveryValidator, DdasEarlySignalDeliveryValidator } from './application/ddas-validator.port';
import { DdasEarlySignalSchemaValidator, DdasSchemaValidator } from './adapters/ddas/ddas-schema.validator';
import { CourtInstrumentsConsumer } from './adapters/messaging/court-instruments.consumer';
import { CourtInstrumentsHandler } from './application/court-instruments.handler';
import { CourtFactRepository } from './adapters/persistence/court-fact.repository';
import { DdasExportController } from './adapters/http/ddas-export.controller';
import { AccessLogController } from './adapters/http/access-log.controller';
import { AccessLogSources } from './application/access-log-sources.port';
import { ChainAccessLogQuery } from './application/chain-access-log.query';
import { loadAccessLogSources } from './adapters/http-client/access-log-sources.config';
import { HttpAccessLogSources } from './adapters/http-client/http-access-log.sources';
import { ErasureController } from './adapters/http/erasure.controller';
import { ErasureCompletionConsumer } from './adapters/messaging/erasure-completion.consumer';
import { ErasureRepository } from './adapters/persistence/erasure.repository';
import { PersonalDataErasureHandler } from './application/personal-data-erasure.command-handler';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { WorkingDayCalendar } from '@ketenpad/calendar';
import { WgsDeadlinePolicy } from '@ketenpad/calendar';
import type { PathwayRules } from './domain/pathway/pathway.decider';

/**
 * DDAS `codeGegevensleverancier` (required by the schema): the code of the
 * party that delivers the data, which CBS assigns to the supplier.
 */
function ddasSupplierCode(): string {
  return process.env['MUNICIPALITY_DDAS_SUPPLIER_CODE']?.trim() || 'KETENPAD';
}

/** Injection token of the domain's PathwayRules (Wgs terms on the Atw calendar). */
export const PATHWAY_RULES = Symbol('municipality.pathway-rules');

/**
 * The municipality's pathways: help requests, early signals, intake, phases,
 * the trajectory (plan, stabilisation, guidance, debts, settlement, repayment,
 * aftercare), referrals and closure.
 *
 * NEEDS from the platform module (provided globally, injected by class):
 * - `DataSource` (TypeORM, initialised, with MUNICIPALITY_ENTITIES and
 *   MUNICIPALITY_MIGRATIONS from adapters/persistence/municipality.schema.ts);
 * - `OutboxWriter` (@ketenpad/messaging);
 * - the global JwtAuthGuard (@ketenpad/auth AuthModule), ValidationPipe and ErrorFilter.
 * Reads env MUNICIPALITY_DATA_KEY, MUNICIPALITY_BSN_INDEX_KEY and the chain's
 * KETENPAD_PSEUDONYM_KEY (all required in production).
 * Its `ChainReactionsConsumer` handles events of the inbox subscription
 * `municipalityInbox()` (app.module.ts): referrals to the municipality and
 * urgent situations flagged by social work; its `CourtInstrumentsConsumer` keeps
 * the court liaison's instruments (moratorium, voorlopige voorziening,
 * dwangakkoord, Wsnp, beschermingsbewind) per pathway for the DDAS delivery.
 * Reads env MUNICIPALITY_DDAS_SUPPLIER_CODE (DDAS codeGegevensleverancier; default
 * `KETENPAD` until CBS assigns one).
 * Privacy (issue 6): every read of pathway data is access-logged (`AccessLog`,
 * provided by the platform); `AccessLogController` answers "who looked at my
 * file?" for the whole chain, asking the services of env ACCESS_LOG_SOURCES
 * (timeout ACCESS_LOG_SOURCE_TIMEOUT_MS); `ErasureController` erases the
 * resident's personal data, and `ErasureCompletionConsumer` records every
 * service's `personal-data-erased` answer (timeline and partner-gateway topics too).
 */
@Module({
  controllers: [
    PathwayController,
    ConsentController,
    TrajectoryController,
    DdasExportController,
    AccessLogController,
    ErasureController,
    ChainReactionsConsumer,
    CourtInstrumentsConsumer,
    ErasureCompletionConsumer,
  ],
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: WorkingDayCalendar, useFactory: () => WorkingDayCalendar.netherlands() },
    {
      provide: PATHWAY_RULES,
      useFactory: (calendar: WorkingDayCalendar): PathwayRules => ({ deadlines: new WgsDeadlinePolicy(calendar) }),
      inject: [WorkingDayCalendar],
    },
    {
      provide: PathwayRepository,
      useFactory: () => {
        const keys = loadResidentCryptoKeys();
        return new PathwayRepository(
          new ResidentDataCipher(keys.masterKey),
          new BsnBlindIndex(keys.bsnIndexKey),
          ResidentPseudonymiser.fromEnv(),
        );
      },
    },
    {
      provide: PathwayCommandHandler,
      useFactory: (
        dataSource: DataSource,
        outbox: OutboxWriter,
        clock: Clock,
        repository: PathwayRepository,
        rules: PathwayRules,
      ) => new PathwayCommandHandler(dataSource, outbox, clock, repository, rules),
      inject: [DataSource, OutboxWriter, Clock, PathwayRepository, PATHWAY_RULES],
    },
    {
      provide: ChainReactionsHandler,
      useFactory: (outbox: OutboxWriter, clock: Clock, repository: PathwayRepository, rules: PathwayRules) =>
        new ChainReactionsHandler(outbox, clock, repository, rules),
      inject: [OutboxWriter, Clock, PathwayRepository, PATHWAY_RULES],
    },
    {
      provide: PathwayQueries,
      useFactory: (dataSource: DataSource, repository: PathwayRepository, accessLog: AccessLog) =>
        new PathwayQueries(dataSource, repository, accessLog),
      inject: [DataSource, PathwayRepository, AccessLog],
    },
    {
      provide: AccessLogSources,
      useFactory: () =>
        new HttpAccessLogSources(loadAccessLogSources(), new JsonLogger('municipality', 'access-log-sources')),
    },
    {
      provide: ChainAccessLogQuery,
      useFactory: (
        dataSource: DataSource,
        repository: PathwayRepository,
        accessLog: AccessLog,
        sources: AccessLogSources,
        clock: Clock,
      ) => new ChainAccessLogQuery(dataSource, repository, accessLog, sources, clock),
      inject: [DataSource, PathwayRepository, AccessLog, AccessLogSources, Clock],
    },
    { provide: CourtFactRepository, useFactory: () => new CourtFactRepository() },
    {
      provide: PersonalDataErasureHandler,
      useFactory: (
        dataSource: DataSource,
        outbox: OutboxWriter,
        clock: Clock,
        repository: PathwayRepository,
        accessLog: AccessLog,
      ) => new PersonalDataErasureHandler(dataSource, outbox, clock, repository, new ErasureRepository(), accessLog),
      inject: [DataSource, OutboxWriter, Clock, PathwayRepository, AccessLog],
    },
    {
      provide: CourtInstrumentsHandler,
      useFactory: (repository: PathwayRepository, facts: CourtFactRepository) =>
        new CourtInstrumentsHandler(repository, facts),
      inject: [PathwayRepository, CourtFactRepository],
    },
    { provide: DdasDeliveryValidator, useClass: DdasSchemaValidator },
    { provide: DdasEarlySignalDeliveryValidator, useClass: DdasEarlySignalSchemaValidator },
    {
      provide: DdasExports,
      useFactory: (
        dataSource: DataSource,
        repository: PathwayRepository,
        facts: CourtFactRepository,
        shv: DdasDeliveryValidator,
        vs: DdasEarlySignalDeliveryValidator,
        clock: Clock,
        accessLog: AccessLog,
      ) => new DdasExports(dataSource, repository, facts, { shv, vs }, clock, ddasSupplierCode(), accessLog),
      inject: [
        DataSource,
        PathwayRepository,
        CourtFactRepository,
        DdasDeliveryValidator,
        DdasEarlySignalDeliveryValidator,
        Clock,
        AccessLog,
      ],
    },
  ],
  exports: [
    PathwayCommandHandler,
    ChainReactionsHandler,
    PathwayQueries,
    PersonalDataErasureHandler,
    DdasExports,
    WorkingDayCalendar,
    PATHWAY_RULES,
  ],
})
export class MunicipalityModule {}
