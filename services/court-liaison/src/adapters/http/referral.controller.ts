import { Body, Controller, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
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
  @ApiOperation({
    summary: 'Accept a referral',
    description:
      "Accepts a referral addressed to the caller's court-liaison organisation, now or at the stated `acceptedAt`, and publishes `nl.ketenpad.court-liaison.referral-accepted.v1`; the case owner does not change: the referring municipality keeps the lead of the pathway. " +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 for an unknown referral or one addressed to another organisation (the same answer, so nothing leaks); 409 when it was already accepted or declined, or `acceptedAt` lies before the referral was made.',
  })
  @ApiCreatedResponse({ description: 'Referral accepted (referral-accepted).' })
  @ApiNotFoundResponse(NO_REFERRAL)
  @ApiConflictResponse({
    description: 'Already accepted or declined, or `acceptedAt` lies before the referral was made.',
  })
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
  @ApiOperation({
    summary: 'Decline a referral',
    description:
      "Declines a referral addressed to the caller's court-liaison organisation with a coded reason, now or at the stated `declinedAt`, and publishes `nl.ketenpad.court-liaison.referral-declined.v1`; the court case closes once every referral on it is declined, unless the court liaison took the pathway up again itself. " +
      'Court-liaison role only; answers with the court case afterwards. ' +
      '404 for an unknown referral or one addressed to another organisation (the same answer, so nothing leaks); 409 when it was already accepted or declined, court procedures have already started, or `declinedAt` lies before the referral was made.',
  })
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
