import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { purposeOf } from '@ketenpad/platform';
import { isValidBsn } from '@ketenpad/privacy';
import { RequestValidationException } from '@ketenpad/runtime';
import { ConsentCommandHandler } from '../../application/consent.command-handler';
import { ConsentQueries } from '../../application/consent.query';
import type { PatientConsent } from '../../domain/consent/patient-consent';
import { PATIENT_REF } from '../../domain/gp.codes';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { ConsentResponse, ListConsentsQuery, RecordConsentDto } from './gp.dto';
import { practiceOf } from './practice.principal';

/** Why a practice reads its consents unless the request states otherwise (`x-ketenpad-purpose`). */
const CONSENT_PURPOSE = 'referral-follow-up';

type HttpRequest = { headers: Record<string, string | string[] | undefined> };

/** Patient consents of the caller's practice. The BSN goes in, never out. */
@ApiTags('consents')
@ApiBearerAuth()
@Controller('api/v1')
@RequireRoles('gp')
@UseInterceptors(DomainErrorsInterceptor)
export class ConsentController {
  constructor(
    private readonly consents: ConsentCommandHandler,
    private readonly queries: ConsentQueries,
  ) {}

  @Get('consents')
  @ApiOperation({
    summary: "List the practice's patient consents",
    description:
      "Lists the consents of the caller's practice, newest first (only one patient's with `patientRef`): scope, purpose, last valid day, withdrawal, and the episode's pathway id; never the BSN, which is not kept. " +
      'GP role only. ' +
      'Every episode pathway listed is recorded in the access log with the purpose from `x-ketenpad-purpose` (default `referral-follow-up`). ' +
      '400 when `patientRef` is not 1-64 letters, digits or dashes or is a BSN.',
  })
  @ApiOkResponse({ type: ConsentResponse, isArray: true, description: "The practice's consents, newest first." })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Query() query: ListConsentsQuery,
  ): Promise<ConsentResponse[]> {
    if (query.patientRef !== undefined) checkPatientRef(query.patientRef);
    const consents = await this.queries.list(
      principal,
      practiceOf(principal),
      query.patientRef,
      purposeOf(request, CONSENT_PURPOSE),
    );
    return consents.map(responseOf);
  }

  @Post('patients/:patientRef/consents')
  @ApiOperation({
    summary: 'Record a patient consent',
    description:
      "Records a patient's consent (scope, purpose, last valid day) under the practice's own `patientRef`, on a new pathway id for the episode, and publishes `nl.ketenpad.gp.patient-consent-recorded.v1` with only the consent id, scope and validity; the BSN is kept only as the resident's keyed pseudonym, never returned or published. " +
      'GP role only. ' +
      '400 when `patientRef` is not 1-64 letters, digits or dashes or is a BSN; 409 when the consent would already have expired.',
  })
  @ApiCreatedResponse({
    type: ConsentResponse,
    description: 'Consent recorded; patient-consent-recorded published (scope and validity only).',
  })
  @ApiConflictResponse({ description: 'The consent would already have expired.' })
  async record(
    @CurrentPrincipal() principal: Principal,
    @Param('patientRef') patientRef: string,
    @Body() body: RecordConsentDto,
  ): Promise<ConsentResponse> {
    checkPatientRef(patientRef);
    return responseOf(await this.consents.record(practiceOf(principal), patientRef, body));
  }

  @Post('consents/:consentId/withdrawal')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw a patient consent',
    description:
      "Withdraws a consent of the caller's practice and publishes `nl.ketenpad.gp.patient-consent-withdrawn.v1`; from then on no referral can rest on it and the practice no longer hears back outcomes through it. " +
      'GP role only. ' +
      '404 for an unknown consent or one of another practice (the same answer); 409 when it was already withdrawn.',
  })
  @ApiOkResponse({ type: ConsentResponse, description: 'Consent withdrawn; patient-consent-withdrawn published.' })
  @ApiNotFoundResponse({ description: 'No such consent at this practice.' })
  @ApiConflictResponse({ description: 'Already withdrawn.' })
  async withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param('consentId', new ParseUUIDPipe()) consentId: string,
  ): Promise<ConsentResponse> {
    return responseOf(await this.consents.withdraw(practiceOf(principal), consentId));
  }
}

/**
 * The practice's own opaque reference, which ends up in URLs and request logs:
 * 1-64 letters, digits or dashes, and never a BSN (a nine-digit number passing
 * the elfproef is refused, issue 12 finding 14). Every route with `:patientRef` calls it.
 */
function checkPatientRef(patientRef: string): void {
  const problem = !PATIENT_REF.test(patientRef)
    ? 'patientRef must be 1-64 letters, digits or dashes'
    : isValidBsn(patientRef)
      ? "patientRef must be the practice's own reference, not a BSN (it appears in URLs and logs); the BSN goes in the body"
      : undefined;
  if (problem !== undefined) throw new RequestValidationException([{ field: 'patientRef', messages: [problem] }]);
}

function responseOf(consent: PatientConsent): ConsentResponse {
  return {
    consentId: consent.consentId,
    patientRef: consent.patientRef,
    pathwayId: consent.pathwayId,
    scope: [...consent.scope],
    purpose: consent.purpose,
    validUntil: consent.validUntil,
    recordedAt: consent.recordedAt.toISOString(),
    withdrawnAt: consent.withdrawnAt?.toISOString() ?? null,
  };
}
