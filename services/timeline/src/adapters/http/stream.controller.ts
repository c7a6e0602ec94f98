import { BadRequestException, Controller, Get, HttpException, HttpStatus, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import { CurrentPrincipal, type Principal } from '@ketenpad/auth';
import { LiveChanges, TooManyStreams, type LiveSignal } from '../../application/live-changes';

/** A comment line keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

interface StreamRequest {
  on(event: 'close', listener: () => void): unknown;
}
interface StreamResponse {
  status(code: number): StreamResponse;
  setHeader(name: string, value: string): unknown;
  flushHeaders(): void;
  write(chunk: string): boolean;
  end(): void;
}

@ApiTags('pathways')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token' })
@Controller('api/v1/stream')
export class StreamController {
  constructor(private readonly live: LiveChanges) {}

  @Get()
  @ApiOperation({
    summary: 'Stream live changes of pathways (server-sent events)',
    description:
      'Live changes of the pathways the caller may see, as server-sent events. Each `pathway-changed` event (`data: {"pathwayId","at"}`) says that a pathway the caller may see received an event the caller may read; it carries no event data. Read the pathway again to see what changed (that read is access-logged). A comment line every 15 s keeps the connection open; at most 5 streams per user at a time (429 beyond).',
  })
  @ApiQuery({ name: 'pathwayId', required: false, description: 'Only changes of this pathway' })
  @ApiOkResponse({ description: 'text/event-stream' })
  stream(
    @CurrentPrincipal() principal: Principal,
    @Query('pathwayId') pathwayId: string | undefined,
    @Req() request: StreamRequest,
    @Res() response: StreamResponse,
  ): void {
    if (pathwayId !== undefined && !isUUID(pathwayId))
      throw new BadRequestException({ message: ['pathwayId must be a UUID'], error: 'Bad Request', statusCode: 400 });
    let sequence = 0;
    const send = (signal: LiveSignal): void => {
      sequence += 1;
      response.write(`event: pathway-changed\nid: ${sequence}\ndata: ${JSON.stringify(signal)}\n\n`);
    };
    let close: () => void;
    try {
      close = this.live.open(principal, pathwayId, send);
    } catch (error) {
      if (error instanceof TooManyStreams)
        throw new HttpException('Too many open live streams for this user', HttpStatus.TOO_MANY_REQUESTS);
      throw error;
    }
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write('retry: 2000\n\n');
    const heartbeat = setInterval(() => response.write(': ping\n\n'), HEARTBEAT_MS);
    request.on('close', () => {
      clearInterval(heartbeat);
      close();
      response.end();
    });
  }
}
