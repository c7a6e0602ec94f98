import { Body, Controller, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { CourtCaseCommandHandler } from '../../application/court-case.command-handler';
import type { CourtCaseState } from '../../domain/court-case/court-case.state';
import { courtLiaisonOf } from './court-liaison.principal';
import { DeclineReferralDto } from './court-case.dto';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';

const UUID = new ParseUUIDPipe();
/** The one 404 of a referral: one addressed to another organisation is answered exactly like an unknown one. */
const NO_REFERRAL = {
  description: "No such referral addressed to the caller's organisation (also when it is addressed to another one).",
} as const;

/**
 * Answers to referrals the court liaison received. Accepting does not change
 * the case owner: the referring municipality keeps the lead of the pathway.
 * A referral addressed to another organisation is answered with 404, exactly
 * like one that does not exist: its existence is not the caller's business.
 */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('api/v1/referrals')
@RequireRoles('court-liaison')
@UseInterceptors(DomainErrorsInterceptor)
export class ReferralController {
  constructor(private readonly commands: CourtCaseCommandHandler) {}

  @Post(':referralId/acceptance')
  @ApiCreatedResponse({ description: 'Referral accepted (referral-accepted).' })
  @ApiNotFoundResponse(NO_REFERRAL)
  @ApiConflictResponse({ description: 'Already accepted or declined.' })
  async accept(
    @CurrentPrincipal() principal: Principal,
    @Param('referralId', UUID) referralId: string,
  ): Promise<CourtCaseState> {
    return (await this.commands.answerReferral(courtLiaisonOf(principal), referralId, { type: 'accept' })).state;
  }

  @Post(':referralId/decline')
  @ApiCreatedResponse({
    description: 'Referral declined (referral-declined); the case closes when no other referral keeps it open.',
  })
  @ApiNotFoundResponse(NO_REFERRAL)
  @ApiConflictResponse({ description: 'Already accepted or declined, or court procedures already started.' })
  async decline(
    @CurrentPrincipal() principal: Principal,
    @Param('referralId', UUID) referralId: string,
    @Body() body: DeclineReferralDto,
  ): Promise<CourtCaseState> {
    return (
      await this.commands.answerReferral(courtLiaisonOf(principal), referralId, {
        type: 'decline',
        declineReason: body.declineReason,
      })
    ).state;
  }
}
