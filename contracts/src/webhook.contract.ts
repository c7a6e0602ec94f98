import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { contractsRoot } from './contracts.paths';

/** The OpenAPI 3.1 document of what a partner's webhook endpoint receives (`webhooks`). */
export const partnerWebhooksPath: string = path.join(contractsRoot, 'webhooks', 'partner-notifications.openapi.json');

interface HeaderParameter {
  name: string;
  in: 'header';
  required?: boolean;
  schema: { type: 'string'; pattern?: string };
}

/** The parts of the partner webhooks document a receiver is built from. */
export interface PartnerWebhooksDocument {
  openapi: string;
  info: { version: string };
  webhooks: Record<string, Record<string, { parameters?: ({ $ref: string } | HeaderParameter)[] } | undefined>>;
  components: { parameters: Record<string, HeaderParameter>; schemas: Record<string, object> };
}

export function loadPartnerWebhooks(): PartnerWebhooksDocument {
  return JSON.parse(readFileSync(partnerWebhooksPath, 'utf8')) as PartnerWebhooksDocument;
}

/**
 * Checks a received notification against the contract alone, as a partner who
 * never saw Ketenpad's code would: the body against the `ThinNotification`
 * schema, the headers against the notification's header parameters (present,
 * matching their patterns). Returns every issue; empty when it conforms.
 * The signature itself is verified with the Standard Webhooks library.
 */
export function partnerNotificationChecker(
  document: PartnerWebhooksDocument = loadPartnerWebhooks(),
): (body: unknown, headers: Readonly<Record<string, string | undefined>>) => string[] {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const validateBody = ajv.compile(document.components.schemas['ThinNotification']!);
  const headers = (document.webhooks['chainEventNotification']?.['post']?.parameters ?? []).map((p) =>
    '$ref' in p ? document.components.parameters[p.$ref.split('/').pop()!]! : p,
  );
  return (body, received) => {
    const issues = validateBody(body)
      ? []
      : (validateBody.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? 'is invalid'}`);
    for (const header of headers) {
      const value = received[header.name.toLowerCase()];
      if (value === undefined) {
        if (header.required) issues.push(`header ${header.name} is missing`);
      } else if (header.schema.pattern !== undefined && !new RegExp(header.schema.pattern).test(value))
        issues.push(`header ${header.name} does not match ${header.schema.pattern}`);
    }
    return issues;
  };
}
