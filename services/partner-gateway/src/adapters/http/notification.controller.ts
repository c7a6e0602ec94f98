import { Controller, Get, Param, ParseUUIDPipe, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import type { EventEnvelope } from '@ketenpad/events';
import { PURPOSE_HEADER, purposeOf } from '@ketenpad/platform';
import { NotificationQuery } from '../../application/notification.query';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';

/** The purpose recorded when a partner states none: following up a notification it received. */
export const DEFAULT_NOTIFICATION_PURPOSE = 'partner-notification';

/** The `dataref` of every notification: the event's details, for the entitled partner only, access-logged. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
@RequireRoles('partner')
@UseInterceptors(DomainErrorsInterceptor)
export class NotificationController {
  constructor(private readonly notifications: NotificationQuery) {}

  @Get(':eventId')
  @ApiOperation({
    summary: 'Read the details of a notification',
    description:
      "The `dataref` of a webhook notification: returns the event's CloudEvents envelope with its data (no personal data by contract), when the chain's need-to-know policy entitles the calling partner to the event at the moment of reading (as an organisation referred to in the pathway, or through a valid consent). " +
      "Partner role only; every served read is recorded in the pathway's access log with the purpose from `x-ketenpad-purpose` (default `partner-notification`). " +
      '404 for an unknown event or one the caller is not, or no longer, entitled to (the same answer, so event ids cannot be probed).',
  })
  @ApiHeader({
    name: PURPOSE_HEADER,
    required: false,
    description: `Purpose of the read (short code); default ${DEFAULT_NOTIFICATION_PURPOSE}.`,
  })
  @ApiOkResponse({ description: 'The CloudEvents envelope with data (no personal data).' })
  @ApiNotFoundResponse({ description: 'Unknown event, or one the caller is not (or no longer) entitled to.' })
  async read(
    @CurrentPrincipal() principal: Principal,
    @Param('eventId', new ParseUUIDPipe()) eventId: string,
    @Req() request: Request,
  ): Promise<EventEnvelope> {
    return this.notifications.read(principal, eventId, purposeOf(request, DEFAULT_NOTIFICATION_PURPOSE));
  }
}
