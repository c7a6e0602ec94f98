import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadCommonSchemas, loadEnvelopeSchema, loadEventSchemas } from './event-schema.registry';

/** Custom annotation keywords of the event schemas; registered so ajv's strict mode accepts them. */
const KETENPAD_KEYWORDS = [
  { keyword: 'x-ketenpad-type', schemaType: 'string' },
  { keyword: 'x-ketenpad-classification', schemaType: 'string' },
] as const;

/**
 * An ajv instance (JSON Schema 2020-12, formats, strict mode) holding the envelope, the shared
 * definitions and every event schema, addressable by `$id`. The one place validation is
 * configured: the event codec and the contract tests both start from it. Compiling is the
 * expensive part, so callers create it once per process and keep the compiled validators.
 */
export function createContractsAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: false, allowUnionTypes: true });
  addFormats(ajv);
  for (const definition of KETENPAD_KEYWORDS) {
    ajv.addKeyword(definition);
  }
  for (const schema of loadCommonSchemas()) {
    ajv.addSchema(schema);
  }
  ajv.addSchema(loadEnvelopeSchema());
  for (const entry of loadEventSchemas()) {
    ajv.addSchema(entry.schema);
  }
  return ajv;
}
