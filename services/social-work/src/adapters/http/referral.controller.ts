import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, UseInterceptors } from '@nestjs/common';
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
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { Clock, lateEntryInstant } from '@ketenpad/runtime';
import { ReferralQueries, referralView, type ReferralView } from '../../application/referral.query';
import { SocialWorkCommandHandler } from '../../application/social-work.command-handler';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { socialWorkOrganisationOf } from './social-work.principal';
import {
  AcceptReferralDto,
  DeclineReferralDto,
  InboxQueryDto,
  OnwardReferralDto,
  OnwardReferralResponse,
} from './social-work.dto';

const UUID = new ParseUUIDPipe();
/** The one 404 of a referral: one addressed to another organisation is answered exactly like an unknown one. */
const NO_REFERRAL = {
  description: "No such referral addressed to the caller's organisation (also when it is addressed to another one).",
} as const;
/** Why a social worker reads the inbox unless the request states otherwise (`x-ketenpad-purpose`). */
const INBOX_PURPOSE = 'referral-handling';

type HttpRequest = { headers: Record<string, string | string[] | undefined> };

/**
 * The referral inbox of a social-work organisation and its onward referrals.
 * A referral addressed to another organisation is answered with 404, exactly
 * like one that does not exist: its existence is not the caller's business.
 */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('api/v1/referrals')
@RequireRoles('social-worker')
@UseInterceptors(DomainErrorsInterceptor)
export class ReferralController {
  constructor(
    private readonly commands: SocialWorkCommandHandler,
    private readonly queries: ReferralQueries,
    private readonly clock: Clock,
    private readonly pseudonyms: ResidentPseudonymiser,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List the referral inbox',
    description:
      "Lists the referrals addressed to the caller's social-work organisation, optionally only those in one `status`: urgent first, then longest waiting, each with its waiting time in whole hours (until the answer, or until now while open). " +
      'Social-worker role only. ' +
      'Every pathway listed is recorded in the access log with the purpose from `x-ketenpad-purpose` (default `referral-handling`).',
  })
  @ApiOkResponse({
    description:
      'Referrals addressed to the organisation, urgent first, then longest waiting, with waiting time in hours. ' +
      'Every pathway listed is recorded in the access log; state the purpose in `x-ketenpad-purpose` (default `referral-handling`).',
  })
  async inbox(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Query() query: InboxQueryDto,
  ): Promise<{ referrals: ReferralView[] }> {
    const organisationId = socialWorkOrganisationOf(principal);
    return {
      referrals: await this.queries.inbox(principal, organisationId, purposeOf(request, INBOX_PURPOSE), query.status),
    };
  }

  @Get(':referralId')
  @ApiOperation({
    summary: 'Get one referral of the inbox',
    description:
      "One referral addressed to the caller's social-work organisation, as the inbox shows it (status, answer, first contact, waiting time in whole hours). " +
      'Social-worker role only. Recorded in the access log with the purpose from `x-ketenpad-purpose` (default `referral-handling`). ' +
      '404 for an unknown referral or one addressed to another organisation (the same answer, so nothing leaks).',
  })
  @ApiOkResponse({ description: 'The referral, as the inbox lists it.' })
  @ApiNotFoundResponse(NO_REFERRAL)
  async referral(
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Param('referralId', UUID) referralId: string,
  ): Promise<ReferralView> {
    return this.queries.referral(
      principal,
      socialWorkOrganisationOf(principal),
      referralId,
      purposeOf(request, INBOX_PURPOSE),
    );
  }

  @Post(':referralId/acceptance')
  @ApiOperation({
    summary: 'Accept a referral',
    description:
      "Accepts a referral addressed to the caller's social-work organisation, now or at the stated `acceptedAt`: publishes `nl.ketenpad.social-work.referral-accepted.v1` and `nl.ketenpad.social-work.case-owner-changed.v1` (the organisation becomes case owner instead of the referrer), and the pathway joins the organisation's caseload. " +
      'Social-worker role only. ' +
      '404 for an unknown referral or one addressed to another organisation (the same answer, so nothing leaks); 409 when it was already accepted or declined, or `acceptedAt` lies before the referral was made.',
  })
  @ApiCreatedResponse({
    description: 'Accepted: referral-accepted and case-owner-changed are published; the pathway joins the caseload.',
  })
  @ApiNotFoundResponse(NO_REFERRAL)
  @ApiConflictResponse({
    description: 'The referral was already accepted or declined, or `acceptedAt` lies before it was made.',
  })
  async accept(
    @CurrentPrincipal() principal: Principal,
    @Param('referralId', UUID) referralId: string,
    @Body() body: AcceptReferralDto,
  ): Promise<ReferralView> {
    const now = this.clock.now();
    const acceptedAt = lateEntryInstant(body.acceptedAt, 'acceptedAt', now);
    const outcome = await this.commands.accept(socialWorkOrganisationOf(principal), referralId, acceptedAt);
    return referralView(outcome.result, now);
  }

  @Post(':referralId/decline')
  @ApiOperation({
    summary: 'Decline a referral',
    description:
      "Declines a referral addressed to the caller's social-work organisation with a coded reason (never free text), now or at the stated `declinedAt`, and publishes `nl.ketenpad.social-work.referral-declined.v1`; the referral stays in the inbox with status `declined`. " +
      'Social-worker role only. ' +
      '404 for an unknown referral or one addressed to another organisation (the same answer, so nothing leaks); 409 when it was already accepted or declined, or `declinedAt` lies before the referral was made.',
  })
  @ApiCreatedResponse({ description: 'Declined with a coded reason: referral-declined is published.' })
  @ApiNotFoundResponse(NO_REFERRAL)
  @ApiConflictResponse({
    description: 'The referral was already accepted or declined, or `declinedAt` lies before it was made.',
  })
  async decline(
    @CurrentPrincipal() principal: Principal,
    @Param('referralId', UUID) referralId: string,
    @Body() body: DeclineReferralDto,
  ): Promise<ReferralView> {
    const now = this.clock.now();
    const declinedAt = lateEntryInstant(body.declinedAt, 'declinedAt', now);
    const outcome = await this.commands.decline(
      socialWorkOrganisationOf(principal),
      referralId,
      body.reason,
      declinedAt,
    );
    return referralView(outcome.result, now);
  }

  @Post()
  @ApiOperation({
    summary: 'Refer a resident onward',
    description:
      "Refers the resident of a pathway in the caller's caseload to another organisation (e.g. the municipality for debt assistance) with a coded reason, now or at the stated `madeAt`, and publishes `nl.ketenpad.social-work.referral-made.v1`; without `pathwayId` a new pathway is started and joins the caseload. " +
      "A BSN in the request only travels on as the resident's keyed pseudonym: it is neither stored nor published. " +
      "Social-worker role only; 404 when the given pathway is not in the organisation's caseload (also when another organisation works on it: the same answer), 409 when the organisation refers to itself.",
  })
  @ApiCreatedResponse({
    type: OnwardReferralResponse,
    description: 'Referral made onward (referral-made); a new pathway when none was given.',
  })
  @ApiNotFoundResponse({ description: "The given pathway is not in the organisation's caseload." })
  @ApiConflictResponse({ description: 'The organisation referred to itself.' })
  async refer(
    @CurrentPrincipal() principal: Principal,
    @Body() body: OnwardReferralDto,
  ): Promise<OnwardReferralResponse> {
    const madeAt = lateEntryInstant(body.madeAt, 'madeAt', this.clock.now());
    const outcome = await this.commands.refer(socialWorkOrganisationOf(principal), {
      referralId: randomUUID(),
      pathwayId: body.pathwayId ?? randomUUID(),
      newPathway: body.pathwayId === undefined,
      toOrg: body.toOrg,
      reason: body.reason,
      urgent: body.urgent,
      warm: body.warm,
      ...(body.consentRef !== undefined ? { consentRef: body.consentRef } : {}),
      ...(madeAt !== undefined ? { madeAt } : {}),
      // Only the keyed pseudonym goes on; the BSN ends with this request.
      ...(body.bsn !== undefined ? { residentPseudonym: this.pseudonyms.of(body.bsn) } : {}),
    });
    return {
      referralId: outcome.result.referralId,
      pathwayId: outcome.result.pathwayId,
      toOrg: body.toOrg,
      madeAt: outcome.result.at.toISOString(),
    };
  }
}
