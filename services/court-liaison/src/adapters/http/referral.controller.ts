import { Body, Controller, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { Clock, lateEntryInstant } from '@ketenpad/runtime';
import { CourtCaseCommandHandler } from '../../application/court-case.command-handler';
import type { CourtCaseState } from '../../domain/court-case/court-case.state';
import { courtLiaisonOf } from './court-liaison.principal';
import { AcceptReferralDto, DeclineReferralDto } from './court-case.dto';
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
  constructor(
    private readonly commands: CourtCaseCommandHandler,
    private readonly clock: Clock,
  ) {}

  @Post(':referralId/acceptance')
  @ApiCreatedResponse({ description: 'Referral accepted (referral-accepted).' })
  @ApiNotFoundResponse(NO_REFERRAL)
  @ApiConflictResponse({ description: 'Already accepted or declined, or `acceptedAt` lies before the referral was made.' })
  async accept(
    @CurrentPrincipal() principal: Principal,
    @Param('referralId', UUID) referralId: string,
    @Body() body: AcceptReferralDto,
  ): Promise<CourtCaseState> {
    const acceptedAt = lateEntryInstant(body.acceptedAt, 'acceptedAt', this.clock.now());
    return (
      await this.commands.answerReferral(courtLiaisonOf(principal), referralId, {
        type: 'accept',
        ...(acceptedAt !== undefined ? { acceptedAt } : {}),
      })
    ).state;
  }

  @Post(':referralId/decline')
  @ApiCreatedResponse({
    description: 'Referral declined (referral-declined); the case closes when no other referral keeps it open.',
  })
  @ApiNotFoundResponse(NO_REFERRAL)
  @ApiConflictResponse({
    description:
      'Already accepted or declined, court procedures already started, or `declinedAt` lies before the referral was made.',
  })
  async decline(
    @CurrentPrincipal() principal: Principal,
    @Param('referralId', UUID) referralId: string,
    @Body() body: DeclineReferralDto,
  ): Promise<CourtCaseState> {
    const declinedAt = lateEntryInstant(body.declinedAt, 'declinedAt', this.clock.now());
    return (
      await this.commands.answerReferral(courtLiaisonOf(principal), referralId, {
        type: 'decline',
        declineReason: body.declineReason,
        ...(declinedAt !== undefined ? { declinedAt } : {}),
      })
    ).state;
  }
}
