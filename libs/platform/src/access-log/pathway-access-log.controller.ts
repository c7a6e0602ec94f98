import {
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Req,
  UseInterceptors,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireRoles, type Principal } from '@ketenpad/auth';
import { purposeOf } from './access-log';
import { PathwayAccessLogQuery, type PathwayAccessLogView } from './pathway-access-log.query';

/** Why the access log is read unless the request states otherwise: the resident asked who looked at the file. */
const ACCESS_LOG_PURPOSE = 'resident-request';

type HttpRequest = { headers: Record<string, string | string[] | undefined> };

/** How one service's access-log endpoint describes itself in its OpenAPI document. */
export interface PathwayAccessLogControllerOptions {
  /** The service name in the answer, e.g. `social-work`. */
  readonly service: string;
  /** The service in a sentence, e.g. `social work` or `the GP service`. */
  readonly label: string;
  /** Realistic example values of a row at this service. */
  readonly example: {
    readonly organisationId: string;
    readonly organisationKind: string;
    readonly resource: string;
    readonly purpose: string;
  };
  /** The service's interceptors that map its `notFound` error (of {@link PathwayAccessLogQuery}) to 404. */
  readonly interceptors?: ReadonlyArray<Type<NestInterceptor>>;
}

/**
 * The `GET /api/v1/pathways/:pathwayId/access-log` controller of a service:
 * its part of the answer to a resident's "who looked at my file?", for the
 * pathway's responsible municipality (counsellor or privacy officer), which
 * gathers it from every service. Reading it is logged too. Provide a
 * {@link PathwayAccessLogQuery} in the service's module.
 */
export function PathwayAccessLogController(options: PathwayAccessLogControllerOptions): Type<unknown> {
  const { service, label, example } = options;

  class AccessLogRowResponse {
    @ApiProperty() id!: string;
    @ApiProperty({ format: 'date-time' }) occurredAt!: string;
    @ApiProperty({ format: 'uuid' }) pathwayId!: string;
    @ApiProperty({ description: "The reader's opaque user id (token `sub`)." }) subject!: string;
    @ApiProperty({ example: example.organisationId }) organisationId!: string;
    @ApiProperty({ example: example.organisationKind }) organisationKind!: string;
    @ApiProperty({ type: [String] }) roles!: string[];
    @ApiProperty({ example: example.resource, description: 'What was read.' }) resource!: string;
    @ApiProperty({ type: [String] }) classifications!: string[];
    @ApiProperty({ example: example.purpose }) purpose!: string;
    @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  }

  class PathwayAccessLogResponse {
    @ApiProperty({ format: 'uuid' }) pathwayId!: string;
    @ApiProperty({ example: service, enum: [service] }) service!: string;
    @ApiProperty({
      type: [AccessLogRowResponse],
      description: 'Oldest first; includes pathways the municipality merged into this one.',
    })
    rows!: AccessLogRowResponse[];
  }

  @ApiTags('access log')
  @ApiBearerAuth()
  @Controller('api/v1/pathways')
  @RequireRoles('counsellor', 'admin')
  @UseInterceptors(...(options.interceptors ?? []))
  class AccessLogController {
    constructor(private readonly accessLog: PathwayAccessLogQuery) {}

    @Get(':pathwayId/access-log')
    @ApiOperation({
      summary: `Read who looked at a pathway at ${label}`,
      description:
        `Every recorded read of the pathway's data at ${label} (NEN 7513): who (opaque user id, organisation, roles), ` +
        'when, what and for which purpose. For counsellors and the privacy officer of the responsible municipality, ' +
        'which gathers the answers of every service to show a resident who read their file. Another municipality ' +
        'and an unknown pathway get the same 404. Reading the log is itself logged.',
    })
    @ApiOkResponse({
      type: PathwayAccessLogResponse,
      description: `Every recorded read of the pathway at ${label}. Purpose from \`x-ketenpad-purpose\` (default \`${ACCESS_LOG_PURPOSE}\`).`,
    })
    @ApiForbiddenResponse({ description: 'Not a counsellor or admin.' })
    @ApiNotFoundResponse({ description: 'Unknown pathway, or the caller is not its responsible municipality.' })
    async read(
      @CurrentPrincipal() principal: Principal,
      @Req() request: HttpRequest,
      @Param('pathwayId', new ParseUUIDPipe()) pathwayId: string,
    ): Promise<PathwayAccessLogView> {
      return this.accessLog.read(principal, pathwayId, purposeOf(request, ACCESS_LOG_PURPOSE));
    }
  }

  return AccessLogController;
}
