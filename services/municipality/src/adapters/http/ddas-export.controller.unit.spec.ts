import { BadRequestException, InternalServerErrorException } from '@nestjs/common';
import type { Response } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { Clock, JsonLogger } from '@ketenpad/runtime';
import { DdasExports } from '../../application/ddas-export.query';
import { initialPathwayState, type PathwayState } from '../../domain/pathway/pathway.state';
import type { UitstroomReason } from '../../domain/pathway/pathway.codes';
import { DdasEarlySignalSchemaValidator, DdasSchemaValidator } from '../ddas/ddas-schema.validator';
import { RequestValidationException } from '@ketenpad/runtime';
import { DdasExportController } from './ddas-export.controller';

class FixedClock extends Clock {
  now(): Date {
    return new Date('2026-01-02T10:00:00Z');
  }
}

const counsellor: Principal = {
  subject: 'c-1',
  organisation: { id: 'GM0363', kind: 'municipality', municipalityCode: 'GM0363' },
  roles: ['counsellor'],
};

/** The controller over the real mapping and the real schema validator; only the pathway store is in memory. */
function controllerOver(pathways: PathwayState[]): DdasExportController {
  const store = {
    listActiveBetween: async (_m: EntityManager) => pathways,
    listSignalledBetween: async (_m: EntityManager) => pathways,
  };
  const courtFacts = { listFor: async (_m: EntityManager) => new Map() };
  const dataSource = { manager: {} } as DataSource;
  const validators = { shv: new DdasSchemaValidator(), vs: new DdasEarlySignalSchemaValidator() };
  return new DdasExportController(
    new DdasExports(dataSource, store, courtFacts, validators, new FixedClock(), 'KETENPAD', {
      record: async () => undefined,
    }),
  );
}

const NO_HEADERS = { headers: {} };

function responseRecorder(): { res: Response; headers: Map<string, string> } {
  const headers = new Map<string, string>();
  const res = { setHeader: (name: string, value: string) => headers.set(name, value) } as unknown as Response;
  return { res, headers };
}

describe('DdasExportController', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers 500, logs the schema problems and serves nothing when the export breaks the official schema', async () => {
    // given a snapshot with an uitstroom reason DDAS does not know (e.g. written by a bug)
    const corrupt: PathwayState = {
      ...initialPathwayState('p-1', 'GM0363'),
      status: 'closed',
      requestedAt: '2025-03-03T09:00:00.000Z',
      closure: {
        reason: 'Zelfstandig verder' as UitstroomReason,
        phaseAtClose: 'intake',
        at: '2025-04-01T09:00:00.000Z',
      },
    };
    const logged = jest.spyOn(JsonLogger.prototype, 'error').mockImplementation(() => undefined);
    const { res, headers } = responseRecorder();
    // when
    const served = controllerOver([corrupt]).ddas(
      counsellor,
      NO_HEADERS,
      { from: '2025-01-01', to: '2025-12-31' },
      res,
    );
    // then
    await expect(served).rejects.toBeInstanceOf(InternalServerErrorException);
    expect(headers.size).toBe(0);
    expect(logged).toHaveBeenCalledWith(
      expect.stringMatching(/failed validation/),
      expect.objectContaining({
        municipalityCode: 'GM0363',
        problems: ['/leveringen/0/schuldhulptrajecten/0/uitstroom/reden must be equal to one of the allowed values'],
      }),
    );
  });

  it('answers 400 naming the field `to` with the reason for a period over one year', async () => {
    // when
    const served = controllerOver([]).ddas(
      counsellor,
      NO_HEADERS,
      { from: '2025-01-01', to: '2026-06-30' },
      responseRecorder().res,
    );
    // then
    await expect(served).rejects.toBeInstanceOf(BadRequestException);
    const error = (await served.catch((e: unknown) => e)) as RequestValidationException;
    expect(error.fieldErrors).toEqual([{ field: 'to', messages: [expect.stringMatching(/at most one year/)] }]);
  });

  it('answers 400 naming the field `from` when the early-signal period is reversed', async () => {
    // when
    const served = controllerOver([]).earlySignals(
      counsellor,
      NO_HEADERS,
      { from: '2025-03-04', to: '2025-03-03' },
      responseRecorder().res,
    );
    // then
    const error = (await served.catch((e: unknown) => e)) as RequestValidationException;
    expect(error).toBeInstanceOf(RequestValidationException);
    expect(error.fieldErrors).toEqual([{ field: 'from', messages: ['from must not be after to'] }]);
  });

  it('answers 500 and serves nothing when the early-signal export breaks the official v0.9 schema', async () => {
    // given a snapshot with a signal partner type DDAS-VS does not know (e.g. written by a bug)
    const corrupt: PathwayState = {
      ...initialPathwayState('p-2', 'GM0363'),
      status: 'signalled',
      earlySignals: [
        {
          signalPartnerType: 'Telecom' as never,
          arrearsCents: 10_000,
          arrearsSince: '2025-01-01',
          signalledAt: '2025-02-01',
          crisis: null,
          warmHandover: false,
        },
      ],
    };
    const logged = jest.spyOn(JsonLogger.prototype, 'error').mockImplementation(() => undefined);
    const { res, headers } = responseRecorder();
    // when
    const served = controllerOver([corrupt]).earlySignals(
      counsellor,
      NO_HEADERS,
      { from: '2025-01-01', to: '2025-12-31' },
      res,
    );
    // then
    await expect(served).rejects.toThrow(/DDAS vroegsignalering v0.9/);
    await expect(served).rejects.toBeInstanceOf(InternalServerErrorException);
    expect(headers.size).toBe(0);
    expect(logged).toHaveBeenCalledWith(
      expect.stringMatching(/failed validation/),
      expect.objectContaining({
        problems: ['/leveringen/0/vroegsignalen/0/signaalpartner/type must be equal to one of the allowed values'],
      }),
    );
  });

  it('names the early-signal attachment after the municipality and the period', async () => {
    // given
    const { res, headers } = responseRecorder();
    // when
    const delivery = await controllerOver([]).earlySignals(
      counsellor,
      NO_HEADERS,
      { from: '2025-01-01', to: '2025-03-31' },
      res,
    );
    // then
    expect(headers.get('Content-Disposition')).toBe('attachment; filename="ddas-vs-GM0363-2025-01-01-2025-03-31.json"');
    expect(delivery.leveringen[0]).toEqual({
      teller: 1,
      gemeentecode: 'GM0363',
      aanleverende_organisatie: {},
      vroegsignalen: [],
      vroegsignaalzaken: [],
    });
  });

  it('names the attachment after the municipality and the period', async () => {
    // given
    const { res, headers } = responseRecorder();
    // when
    const delivery = await controllerOver([]).ddas(
      counsellor,
      NO_HEADERS,
      { from: '2025-01-01', to: '2025-03-31' },
      res,
    );
    // then
    expect(headers.get('Content-Disposition')).toBe('attachment; filename="ddas-GM0363-2025-01-01-2025-03-31.json"');
    expect(delivery.leveringen[0]!.schuldhulptrajecten).toEqual([]);
  });
});
