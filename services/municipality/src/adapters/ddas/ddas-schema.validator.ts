import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { DdasDeliveryValidator, DdasEarlySignalDeliveryValidator } from '../../application/ddas-validator.port';
// The official schemas, vendored unchanged from /work/shared/standards/ddas-shv-v1.0
// and /work/shared/standards/ddas-vs-v0.9 (VNG-Realisatie/ddas v1.0 and v0.9).
// Their `$schema` is JSON Schema 2020-12, hence Ajv2020.
import ddasSchema from './json_schema_Uitwisselmodel.json';
import ddasVsSchema from './json_schema_Uitwisselmodel.vs-v0.9.json';

/** The official DDAS SHV v1.0 schema, compiled once per process (strict mode, formats). */
export class DdasSchemaValidator extends DdasDeliveryValidator {
  private static compiled: ValidateFunction | undefined;

  problemsOf(document: unknown): readonly string[] {
    DdasSchemaValidator.compiled ??= compile(ddasSchema);
    return problemsOf(DdasSchemaValidator.compiled, document);
  }
}

/** The official DDAS vroegsignalering v0.9 schema, compiled once per process (strict mode, formats). */
export class DdasEarlySignalSchemaValidator extends DdasEarlySignalDeliveryValidator {
  private static compiled: ValidateFunction | undefined;

  problemsOf(document: unknown): readonly string[] {
    DdasEarlySignalSchemaValidator.compiled ??= compile(ddasVsSchema);
    return problemsOf(DdasEarlySignalSchemaValidator.compiled, document);
  }
}

function compile(schema: object): ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Schema paths and messages only, never the offending values (they may be resident data). */
function problemsOf(validate: ValidateFunction, document: unknown): readonly string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '/' : error.instancePath;
    const extra = 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : '';
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
}
