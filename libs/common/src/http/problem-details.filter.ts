import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

import { DomainError } from './domain.error';

/** RFC 9457 problem document. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  [extension: string]: unknown;
}

const PROBLEM_BASE = 'https://preempt.dev/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Every HTTP error as `application/problem+json`; unknown errors are logged with their stack, answered 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(error, request.originalUrl ?? request.url);
    if (error instanceof DomainError)
      for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(error: unknown, instance: string): ProblemDetails {
    if (error instanceof DomainError) {
      return {
        type: PROBLEM_BASE + error.type,
        title: TITLES[error.status] ?? 'Error',
        status: error.status,
        detail: error.message,
        instance,
        ...error.extensions,
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return {
        type: 'about:blank',
        title: TITLES[status] ?? 'Error',
        status,
        detail: Array.isArray(message) ? message.join('; ') : String(message ?? error.message),
        instance,
      };
    }
    this.logger.error(`Unhandled error on ${instance}`, error instanceof Error ? error.stack : String(error));
    return { type: 'about:blank', title: TITLES[500], status: 500, detail: 'Internal error', instance };
  }
}
