import {
  Injectable,
  NotFoundException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { PathwayNotVisible } from '../../application/timeline.queries';

/**
 * A pathway the caller may not see answers exactly like an unknown one: 404
 * with the same body, so pathway ids cannot be probed.
 */
@Injectable()
export class PathwayNotVisibleInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          throwError(() => (error instanceof PathwayNotVisible ? new NotFoundException('Pathway not found') : error)),
        ),
      );
  }
}
