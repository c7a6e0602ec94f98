import { Controller, Get, InternalServerErrorException, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiInternalServerErrorResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { purposeOf } from '@ketenpad/platform';
import { JsonLogger, RequestValidationException } from '@ketenpad/runtime';
import { DdasExports, InvalidDdasDelivery, InvalidExportPeriod } from '../../application/ddas-export.query';
import type { PathwayReader } from '../../application/pathway.query';
import type { DdasUitwisselmodel } from '../../domain/ddas/ddas.model';
import type { DdasVsUitwisselmodel } from '../../domain/ddas/ddas-vs.model';
import { DdasExportQuery } from './ddas-export.dto';
import { municipalityOf, type PurposeRequest } from './pathway.controller';

/** Why a DDAS delivery is exported unless the request states otherwise: CBS statistics. */
const DDAS_PURPOSE = 'ddas-statistics';

/**
 * The municipality's DDAS deliveries (for CBS) as downloads, each over the
 * counsellor's own municipality only: schuldhulpverlening (SHV v1.0) and
 * vroegsignalering (VS v0.9). Each is validated against its official schema
 * before it is served; an export that does not validate is a 500, never a
 * download. Every exported pathway is access-logged (purpose from
 * `x-ketenpad-purpose`, default `ddas-statistics`).
 */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1/exports')
@RequireRoles('counsellor')
export class DdasExportController {
  private readonly logger = new JsonLogger('municipality', 'DdasExportController');

  constructor(private readonly exports: DdasExports) {}

  @Get('ddas')
  @ApiOperation({
    summary: 'Export the DDAS schuldhulpverlening delivery',
    description:
      "Builds the DDAS SHV v1.0 delivery for CBS, one schuldhulptraject per pathway of the caller's municipality active from `from` to `to` (inclusive, at most a year), including the court instruments (moratorium, Wsnp, dwangakkoord, ...) reported by the court liaison, and serves it as a JSON download. Counsellors of a municipality only; every exported pathway is written to the access log (purpose from `x-ketenpad-purpose`, default `ddas-statistics`). 400 for an invalid period; 500, with nothing served, when the delivery does not validate against the official schema.",
  })
  @ApiProduces('application/json')
  @ApiOkResponse({
    description: 'A DDAS SHV v1.0 Uitwisselmodel document, as attachment ddas-<gemeentecode>-<from>-<to>.json.',
  })
  @ApiBadRequestResponse({ description: 'from/to missing or not dates, from after to, or a period over one year.' })
  @ApiInternalServerErrorResponse({
    description: 'The export did not validate against the official DDAS schema; nothing is served.',
  })
  async ddas(
    @CurrentPrincipal() principal: Principal,
    @Req() request: PurposeRequest,
    @Query() query: DdasExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DdasUitwisselmodel> {
    const municipalityCode = municipalityOf(principal);
    return this.serve(
      res,
      `ddas-${municipalityCode}-${query.from}-${query.to}.json`,
      { municipalityCode, ...query },
      () => this.exports.export(readerOf(principal, request), municipalityCode, query.from, query.to),
    );
  }

  @Get('ddas/early-signals')
  @ApiOperation({
    summary: 'Export the DDAS vroegsignalering delivery',
    description:
      "Builds the DDAS vroegsignalering v0.9 delivery for CBS: the early signals of the caller's municipality dated from `from` to `to` (inclusive, at most a year) and what became of them, served as a JSON download without BSN or name. Counsellors of a municipality only; every exported pathway is written to the access log (purpose from `x-ketenpad-purpose`, default `ddas-statistics`). 400 for an invalid period; 500, with nothing served, when the delivery does not validate against the official schema.",
  })
  @ApiProduces('application/json')
  @ApiOkResponse({
    description:
      'A DDAS vroegsignalering v0.9 Uitwisselmodel document (early signals dated in the period and what became of them), ' +
      'as attachment ddas-vs-<gemeentecode>-<from>-<to>.json. The required `client` objects are empty: no BSN or name is exported.',
  })
  @ApiBadRequestResponse({ description: 'from/to missing or not dates, from after to, or a period over one year.' })
  @ApiInternalServerErrorResponse({
    description: 'The export did not validate against the official DDAS-VS schema; nothing is served.',
  })
  async earlySignals(
    @CurrentPrincipal() principal: Principal,
    @Req() request: PurposeRequest,
    @Query() query: DdasExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DdasVsUitwisselmodel> {
    const municipalityCode = municipalityOf(principal);
    return this.serve(
      res,
      `ddas-vs-${municipalityCode}-${query.from}-${query.to}.json`,
      { municipalityCode, ...query },
      () => this.exports.exportEarlySignals(readerOf(principal, request), municipalityCode, query.from, query.to),
    );
  }

  private async serve<T>(
    res: Response,
    filename: string,
    request: { readonly municipalityCode: string; readonly from: string; readonly to: string },
    build: () => Promise<T>,
  ): Promise<T> {
    try {
      const delivery = await build();
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
      return delivery;
    } catch (error) {
      if (error instanceof InvalidExportPeriod)
        throw new RequestValidationException([{ field: error.field, messages: [error.message] }]);
      if (error instanceof InvalidDdasDelivery) {
        // The problems name schema paths only, never resident data.
        this.logger.error('DDAS export failed validation against the official schema; not served', {
          ...request,
          standard: error.standard,
          problems: error.problems,
        });
        throw new InternalServerErrorException(
          `the DDAS export did not validate against the official ${error.standard} schema`,
        );
      }
      throw error;
    }
  }
}

function readerOf(principal: Principal, request: PurposeRequest): PathwayReader {
  return { principal, purpose: purposeOf(request, DDAS_PURPOSE) };
}
