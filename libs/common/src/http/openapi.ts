import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Where the API is described: the UI (served from this process, no CDN) and its JSON. */
export const API_DOCS_PATH = 'api/docs';

const PROBLEM = { $ref: '#/components/schemas/ProblemDetails' };

/** The answers every /api/v1 operation may give besides its own, each as an RFC 9457 problem document. */
const ERRORS: Record<string, string> = {
  '400': 'Invalid request: the problem names the parameter or field (`parameter`)',
  '401': 'No API key, or an unknown or revoked one (`WWW-Authenticate: Bearer`)',
  '403': "The key's role may not do this",
  '404': "Unknown, or another tenant's (customer keys)",
  '429': 'Too many failed authentications from this address (`Retry-After`)',
};
const WRITE_ERRORS: Record<string, string> = {
  '409': 'The object changed or is in the wrong state (`reason`: version-mismatch, invalid-transition)',
};

/**
 * Builds the OpenAPI document of every route the application has (bearer scheme, problem-details error
 * shapes) and serves it at /api/docs (UI) and /api/docs-json.
 */
export function documentApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Preempt API')
    .setDescription(
      'Telemetry queries, preemptive tickets and API keys. Every /api/v1 route needs `Authorization: Bearer <API key>`; ' +
        'errors are RFC 9457 problem documents (`application/problem+json`).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key (pk_live_…)' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ProblemDetails: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail', 'instance'],
        properties: {
          type: { type: 'string', format: 'uri', example: 'https://preempt.dev/problems/not-found' },
          title: { type: 'string', example: 'Not Found' },
          status: { type: 'integer', example: 404 },
          detail: { type: 'string' },
          instance: { type: 'string', example: '/api/v1/tickets/…' },
          parameter: { type: 'string', description: 'the invalid parameter or field (400)' },
        },
        additionalProperties: true,
      },
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1')) continue;
    for (const [method, operation] of Object.entries(item) as [string, Record<string, unknown>][]) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      operation.security = [{ bearer: [] }];
      const errors = method === 'get' ? ERRORS : { ...ERRORS, ...WRITE_ERRORS };
      const responses = operation.responses as Record<string, unknown>;
      for (const [status, description] of Object.entries(errors))
        responses[status] ??= { description, content: { 'application/problem+json': { schema: PROBLEM } } };
    }
  }
  SwaggerModule.setup(API_DOCS_PATH, app, document, { jsonDocumentUrl: `${API_DOCS_PATH}-json` });
  return document;
}
