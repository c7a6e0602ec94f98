import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { correlation, problem, sendProblem, type ErrorResponse } from '@ketenpad/runtime';
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
      ...problem(HttpStatus.CONFLICT, error.message, {
        instance: host.switchToHttp().getRequest<Request>().path,
        ...(correlationId !== undefined ? { correlationId } : {}),
      }),
      existingPathwayId: error.existingPathwayId,
    };
    sendProblem(host.switchToHttp().getResponse<Response>(), body);
  }
}
