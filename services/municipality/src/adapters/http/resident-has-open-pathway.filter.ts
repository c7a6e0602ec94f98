import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { correlation, type ErrorResponse } from '@ketenpad/runtime';
import { ResidentHasOpenPathway } from '../../application/application.errors';

/** The 409 of a second help request: the one error shape plus the pathway to continue. */
export interface ResidentHasOpenPathwayBody extends ErrorResponse {
  /** The resident's pathway in progress in the caller's own municipality. */
  existingPathwayId: string;
}

/**
 * Answers a second help request for a resident with 409 in the one error shape,
 * plus `existingPathwayId` so the counsellor's screen can link to the pathway in
 * progress. The global error filter keeps only the shape's fields, hence this
 * filter on the counsellor's controller. Naming the pathway leaks nothing: the
 * caller is a counsellor of the municipality that holds it.
 */
@Catch(ResidentHasOpenPathway)
export class ResidentHasOpenPathwayFilter implements ExceptionFilter<ResidentHasOpenPathway> {
  catch(error: ResidentHasOpenPathway, host: ArgumentsHost): void {
    const correlationId = correlation.current();
    const body: ResidentHasOpenPathwayBody = {
      statusCode: HttpStatus.CONFLICT,
      error: 'Conflict',
      message: error.message,
      existingPathwayId: error.existingPathwayId,
      ...(correlationId !== undefined ? { correlationId } : {}),
    };
    host.switchToHttp().getResponse<Response>().status(HttpStatus.CONFLICT).json(body);
  }
}
