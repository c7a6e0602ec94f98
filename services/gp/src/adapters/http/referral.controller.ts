import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { purposeOf } from '@ketenpad/platform';
import { Clock, lateEntryInstant } from '@ketenpad/runtime';
import { ReferralCommandHandler } from '../../application/referral.command-handler';
import { ReferralQueries, viewOf } from '../../application/referral.query';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { MakeReferralDto, ReferralResponse } from './gp.dto';
import { practiceOf } from './practice.principal';

/** Why a practice reads its referrals unless the request states otherwise (`x-ketenpad-purpose`). */
const REFERRAL_PURPOSE = 'referral-follow-up';

type HttpRequest = { headers: Record<string, string | string[] | undefined> };

/** Referrals of the caller's practice and what became of them; every read is access-logged. */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('api/v1/referrals')
@RequireRoles('gp')
@UseInterceptors(DomainErrorsInterceptor)
export class ReferralController {
  constructor(
    private readonly referrals: ReferralCommandHandler,
    private readonly queries: ReferralQueries,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Refer a patient',
    description:
      "Refers a patient of the caller's practice to a municipality or social-work organisation on a consent valid today, now or at the stated `madeAt`, and publishes `nl.ketenpad.gp.referral-made.v1` with the consent id and the resident's keyed pseudonym, never the BSN or a diagnosis (the reason is a code). " +
      'GP role only. ' +
      '409, with nothing written, when the consent is missing, of another practice, withdrawn, expired or not covering this kind of organisation, or when the addressee is no municipality or social-work organisation.',
  })
  @ApiCreatedResponse({
    type: ReferralResponse,
    description: 'Referral made; referral-made published with the consent id and the resident pseudonym.',
  })
  @ApiConflictResponse({
    description: 'No valid consent (missing, withdrawn, expired, or not covering this kind of organisation).',
  })
  async refer(@CurrentPrincipal() principal: Principal, @Body() body: MakeReferralDto): Promise<ReferralResponse> {
    const { madeAt: stated, ...referral } = body;
    const madeAt = lateEntryInstant(stated, 'madeAt', this.clock.now());
    return viewOf(
      await this.referrals.refer(practiceOf(principal), {
        referralId: randomUUID(),
        ...referral,
        ...(madeAt !== undefined ? { madeAt } : {}),
      }),
    );
  }

  @Get()
  @ApiOperation({
    summary: "List the practice's referrals",
    description:
      "Lists the referrals of the caller's practice, newest first, with their status (`made`, `accepted`, `outcome-received`) and the outcome heard back from the receiving organisation. " +
      'GP role only. ' +
      'Every pathway the referrals concern is recorded in the access log with the purpose from `x-ketenpad-purpose` (default `referral-follow-up`).',
  })
  @ApiOkResponse({
    type: ReferralResponse,
    isArray: true,
    description: "The practice's referrals, newest first, with status and outcome.",
  })
  async list(@CurrentPrincipal() principal: Principal, @Req() request: HttpRequest): Promise<ReferralResponse[]> {
    return this.queries.list(principal, practiceOf(principal), purposeOf(request, REFERRAL_PURPOSE));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a referral',
    description:
      "Returns one referral of the caller's practice with its status and outcome. " +
      'GP role only; the read is recorded in the access log with the purpose from `x-ketenpad-purpose` (default `referral-follow-up`). ' +
      '404 for an unknown referral or one of another practice (the same answer).',
  })
  @ApiOkResponse({ type: ReferralResponse })
  @ApiNotFoundResponse({ description: 'No such referral at this practice.' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReferralResponse> {
    return this.queries.get(principal, practiceOf(principal), id, purposeOf(request, REFERRAL_PURPOSE));
  }
}
