import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { purposeOf } from '@ketenpad/platform';
import { JsonLogger } from '@ketenpad/runtime';
import { PersonalDataErasureHandler } from '../../application/personal-data-erasure.command-handler';
import {
  ERASING_SERVICES,
  erasureProgress,
  type ErasingService,
  type PersonalDataErasure,
} from '../../domain/erasure/personal-data-erasure';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { municipalityOf, type PurposeRequest } from './pathway.controller';

/** Why an erasure's progress is read unless the request states otherwise: answering the resident's request. */
const ERASURE_PURPOSE = 'resident-request';

class ErasureAcceptedResponse {
  @ApiProperty({ format: 'uuid' }) erasureId!: string;
  @ApiProperty({ enum: ['pending', 'completed'], description: '`completed` once every service erased its data.' })
  status!: 'pending' | 'completed';
}

class ServiceErasureResponse {
  @ApiProperty({ enum: ERASING_SERVICES }) service!: ErasingService;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null until the service answered.' })
  completedAt!: string | null;
}

class ErasureStatusResponse extends ErasureAcceptedResponse {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ description: "The requester's opaque user id (token `sub`)." }) requestedBy!: string;
  @ApiProperty({ type: [ServiceErasureResponse] }) services!: ServiceErasureResponse[];
}

/**
 * The resident's right to erasure (AVG art. 17), exercised through the
 * municipality responsible for the pathway: its privacy officer (role `admin`)
 * erases the resident's personal data here and, by event, in every service;
 * the request's completion per service is visible and logged.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1/pathways/:id/personal-data')
@UseInterceptors(DomainErrorsInterceptor)
@ApiNotFoundResponse({ description: 'Unknown pathway, or one of another municipality.' })
export class ErasureController {
  private readonly logger = new JsonLogger('municipality', 'erasure');

  constructor(private readonly erasures: PersonalDataErasureHandler) {}

  @Delete()
  @RequireRoles('admin')
  @HttpCode(202)
  @ApiOperation({
    summary: "Erase the resident's personal data",
    description:
      "Exercises the resident's right to erasure (AVG art. 17): deletes the resident record here, destroys the pathway's data key and emits `nl.ketenpad.municipality.personal-data-erased.v1`, asking every other service to erase too; the pathway and its non-personal history stay. Privacy officers (role `admin`) of the responsible municipality only, a counsellor gets 403; 404 for an unknown pathway or one of another municipality. A repeated request answers 202 with the existing erasure.",
  })
  @ApiAcceptedResponse({
    type: ErasureAcceptedResponse,
    description:
      "Erased here (resident record deleted, the pathway's data key destroyed) and requested from every other service (personal-data-erased). " +
      'The pathway and its non-personal history stay. A second request answers the first one.',
  })
  @ApiForbiddenResponse({
    description: "Only the municipality's privacy officer (role `admin`) erases; a counsellor gets 403.",
  })
  async erase(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ErasureAcceptedResponse> {
    const { erasure, created } = await this.erasures.erase(
      { municipalityCode: municipalityOf(principal), subject: principal.subject },
      id,
    );
    const fields = { erasureId: erasure.erasureId, pathwayId: erasure.pathwayId };
    if (created) this.logger.info('personal data erased; erasure requested from every service', fields);
    else this.logger.info('erasure requested again; answered with the existing request', fields);
    return { erasureId: erasure.erasureId, status: erasureProgress(erasure).status };
  }

  @Get('erasure')
  @RequireRoles('counsellor', 'admin')
  @ApiOperation({
    summary: 'Get the progress of a personal-data erasure',
    description:
      "The pathway's erasure request and, per service, when that service erased its data (null while pending). Counsellors and privacy officers (role `admin`) of the responsible municipality only; 404 for an unknown pathway, one of another municipality, or when no erasure was requested. The read is written to the access log (purpose from `x-ketenpad-purpose`, default `resident-request`).",
  })
  @ApiOkResponse({ type: ErasureStatusResponse, description: 'Per service when it erased its data (null: not yet).' })
  @ApiForbiddenResponse({ description: 'Not a counsellor or admin of a municipality.' })
  @ApiNotFoundResponse({ description: 'Unknown pathway, one of another municipality, or no erasure requested.' })
  async status(
    @CurrentPrincipal() principal: Principal,
    @Req() request: PurposeRequest,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ErasureStatusResponse> {
    const reader = { principal, purpose: purposeOf(request, ERASURE_PURPOSE) };
    return statusOf(await this.erasures.status(reader, municipalityOf(principal), id));
  }
}

function statusOf(erasure: PersonalDataErasure): ErasureStatusResponse {
  const progress = erasureProgress(erasure);
  return {
    erasureId: erasure.erasureId,
    pathwayId: erasure.pathwayId,
    requestedAt: erasure.requestedAt,
    requestedBy: erasure.requestedBy,
    status: progress.status,
    services: progress.services.map((s) => ({ ...s })),
  };
}
