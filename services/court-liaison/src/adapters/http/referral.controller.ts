import { Body, Controller, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { CourtCaseCommandHandler } from '../../application/court-case.command-handler';
import type { CourtCaseState } from '../../domain/court-case/court-case.state';
import { courtLiaisonOf } from './court-liaison.principal';
import { DeclineReferralDto } from './court-case.dto';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';

const UUID = new ParseUUIDPipe();

/**
 * Answers to referrals the court liaison received. Accepting does not change
 * the case owner: the referring municipality keeps the lead of the pathway.
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
  @ApiNotFoundResponse({ description: 'No such referral to this organisation.' })
  @ApiConflictResponse({ description: 'Already accepted or declined.' })
  async accept(@CurrentPrincipal() principal: Principal, @Param('referralId', UUID) referralId: string): Promise<CourtCaseState> {
    return (await this.commands.answerReferral(courtLiaisonOf(principal), referralId, { type: 'accept' })).state;
  }

  @Post(':referralId/decline')
  @ApiCreatedResponse({ description: 'Referral declined (referral-declined); the case closes when no other referral keeps it open.' })
  @ApiNotFoundResponse({ description: 'No such referral to this organisation.' })
  @ApiConflictResponse({ description: 'Already accepted or declined, or court procedures already started.' })
  async decline(
    @CurrentPrincipal() principal: Principal,
    @Param('referralId', UUID) referralId: string,
    @Body() body: DeclineReferralDto,
  ): Promise<CourtCaseState> {
    return (await this.commands.answerReferral(courtLiaisonOf(principal), referralId, { type: 'decline', declineReason: body.declineReason })).state;
  }
}
