import { BadRequestException, Controller, Get, InternalServerErrorException, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiInternalServerErrorResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { JsonLogger } from '@ketenpad/runtime';
import { DdasExports, InvalidDdasDelivery, InvalidExportPeriod } from '../../application/ddas-export.query';
import type { DdasUitwisselmodel } from '../../domain/ddas/ddas.model';
import { DdasExportQuery } from './ddas-export.dto';
import { municipalityOf } from './pathway.controller';

/**
 * The municipality's DDAS SHV v1.0 delivery (for CBS) as a download: every
 * schuldhulptraject of the counsellor's own municipality active in the period.
 * Validated against the official schema before it is served; an export that
 * does not validate is a 500, never a download.
 */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1/exports')
@RequireRoles('counsellor')
export class DdasExportController {
  private readonly logger = new JsonLogger('municipality', 'DdasExportController');

  constructor(private readonly exports: DdasExports) {}

  @Get('ddas')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'A DDAS SHV v1.0 Uitwisselmodel document, as attachment ddas-<gemeentecode>-<from>-<to>.json.' })
  @ApiBadRequestResponse({ description: 'from/to missing or not dates, from after to, or a period over one year.' })
  @ApiInternalServerErrorResponse({ description: 'The export did not validate against the official DDAS schema; nothing is served.' })
  async ddas(
    @CurrentPrincipal() principal: Principal,
    @Query() query: DdasExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DdasUitwisselmodel> {
    const municipalityCode = municipalityOf(principal);
    try {
      const delivery = await this.exports.export(municipalityCode, query.from, query.to);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="ddas-${municipalityCode}-${query.from}-${query.to}.json"`);
      return delivery;
    } catch (error) {
      if (error instanceof InvalidExportPeriod) throw new BadRequestException(error.message);
      if (error instanceof InvalidDdasDelivery) {
        // The problems name schema paths only, never resident data.
        this.logger.error('DDAS export failed validation against the official schema; not served', {
          municipalityCode,
          from: query.from,
          to: query.to,
          problems: error.problems,
        });
        throw new InternalServerErrorException('the DDAS export did not validate against the official DDAS SHV v1.0 schema');
      }
      throw error;
    }
  }
}
