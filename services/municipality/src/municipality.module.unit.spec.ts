import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { EventCodec } from '@ketenpad/events';
import { OutboxWriter } from '@ketenpad/messaging';
import { AccessLog } from '@ketenpad/platform';
import { PathwayController } from './adapters/http/pathway.controller';
import { TrajectoryController } from './adapters/http/trajectory.controller';
import { DdasExportController } from './adapters/http/ddas-export.controller';
import { Clock, SystemClock } from '@ketenpad/runtime';
import { PathwayCommandHandler } from './application/pathway.command-handler';
import { MunicipalityModule } from './municipality.module';

/** Stands in for the lead's platform module: provides exactly what MunicipalityModule says it needs. */
@Global()
@Module({
  providers: [
    // Never initialised: this test only proves the wiring, it does no I/O.
    { provide: DataSource, useValue: new DataSource({ type: 'postgres' }) },
    { provide: AccessLog, useFactory: (dataSource: DataSource) => new AccessLog(dataSource), inject: [DataSource] },
    { provide: OutboxWriter, useValue: new OutboxWriter(EventCodec.shared()) },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [DataSource, OutboxWriter, Clock, AccessLog],
})
class PlatformStubModule {}

@Module({ imports: [PlatformStubModule, MunicipalityModule] })
class TestAppModule {}

describe('MunicipalityModule', () => {
  it('wires its controllers and handlers from DataSource, OutboxWriter, AccessLog and Clock provided by the platform', async () => {
    // given / when
    const app = await NestFactory.createApplicationContext(TestAppModule, { logger: false });
    // then
    expect(app.get(PathwayController)).toBeInstanceOf(PathwayController);
    expect(app.get(TrajectoryController)).toBeInstanceOf(TrajectoryController);
    expect(app.get(DdasExportController)).toBeInstanceOf(DdasExportController);
    expect(app.get(PathwayCommandHandler)).toBeInstanceOf(PathwayCommandHandler);
    await app.close();
  });
});
