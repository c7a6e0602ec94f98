import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { DdasDeliveryValidator } from '../../application/ddas-validator.port';
// The official schema, vendored unchanged from /work/shared/standards/ddas-shv-v1.0
// (VNG-Realisatie/ddas v1.0). Its `$schema` is JSON Schema 2020-12, hence Ajv2020.
import ddasSchema from './json_schema_Uitwisselmodel.json';

/** The official DDAS SHV v1.0 schema, compiled once per process (strict mode, formats). */
export class DdasSchemaValidator extends DdasDeliveryValidator {
  private static compiled: ValidateFunction | undefined;

  private readonly validate: ValidateFunction;

  constructor() {
    super();
    DdasSchemaValidator.compiled ??= DdasSchemaValidator.compile();
    this.validate = DdasSchemaValidator.compiled;
  }

  problemsOf(document: unknown): readonly string[] {
    if (this.validate(document)) return [];
    return (this.validate.errors ?? []).map((error) => {
      const where = error.instancePath === '' ? '/' : error.instancePath;
      const extra = 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : '';
      return `${where} ${error.message ?? error.keyword}${extra}`;
    });
  }

  private static compile(): ValidateFunction {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    return ajv.compile(ddasSchema);
  }
}
