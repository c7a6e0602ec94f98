import { Body, Controller, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { Clock } from '@ketenpad/runtime';
import { PathwayCommandHandler } from '../../application/pathway.command-handler';
import type { PathwayState } from '../../domain/pathway/pathway.state';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { municipalityOf } from './pathway.controller';
import { ConsentDto, ConsentResponse } from './pathway.dto';

const UUID = new ParseUUIDPipe();

/**
 * The resident's consents on a pathway, recorded by the counsellor. A consent
 * lets the grantee see the pathway's events of the classes in its scope; a
 * withdrawal ends that from its moment on (the events say so to every reader).
 */
@ApiTags('consents')
@ApiBearerAuth()
@Controller('api/v1/pathways/:id/consents')
@RequireRoles('counsellor')
@UseInterceptors(DomainErrorsInterceptor)
export class ConsentController {
  constructor(
    private readonly commands: PathwayCommandHandler,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({
    summary: "Record a resident's consent",
    description:
      "Records the resident's consent that another organisation (`grantee`) sees the pathway's events of the classes in `scope`, for a purpose, until `validUntil` or withdrawal; emits `nl.ketenpad.municipality.consent-recorded.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when the pathway is closed, the consent id is taken, the grantee is the municipality itself, or `validUntil` lies before today.",
  })
  @ApiCreatedResponse({ type: ConsentResponse, description: 'Consent recorded (consent-recorded).' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description:
      'The pathway is closed, the consent id is taken, the grantee is the municipality itself, or validUntil lies in the past.',
  })
  async recordConsent(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Body() body: ConsentDto,
  ): Promise<ConsentResponse> {
    const consentId = body.consentId ?? randomUUID();
    const { state } = await this.commands.execute(municipalityOf(principal), id, {
      type: 'record-consent',
      consentId,
      grantee: body.grantee,
      purpose: body.purpose,
      scope: body.scope,
      validUntil: body.validUntil,
      at: this.clock.now(),
    });
    return consentOf(state, consentId);
  }

  @Post(':consentId/withdrawal')
  @ApiOperation({
    summary: "Withdraw a resident's consent",
    description:
      "Records the resident's withdrawal of a consent, which ends the grantee's view of the pathway's events from that moment on; also possible after closure. Emits `nl.ketenpad.municipality.consent-withdrawn.v1`. Counsellors of the responsible municipality only; 404 for an unknown pathway or one of another municipality; 409 when there is no such consent on this pathway or it was already withdrawn.",
  })
  @ApiCreatedResponse({
    type: ConsentResponse,
    description: 'Consent withdrawn (consent-withdrawn); also possible after closure.',
  })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'No such consent on this pathway, or it was already withdrawn.' })
  async withdrawConsent(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UUID) id: string,
    @Param('consentId', UUID) consentId: string,
  ): Promise<ConsentResponse> {
    const { state } = await this.commands.execute(municipalityOf(principal), id, {
      type: 'withdraw-consent',
      consentId,
      at: this.clock.now(),
    });
    return consentOf(state, consentId);
  }
}

function consentOf(state: PathwayState, consentId: string): ConsentResponse {
  const consent = state.consents[consentId]!;
  return { consentId, ...consent, scope: [...consent.scope] };
}
