import path from 'node:path';

/**
 * Absolute directory of the contracts package. The schema, topic and AsyncAPI files are
 * read from disk rather than bundled, so this works from `src/` (tests) and `dist/` (build) alike.
 */
export const contractsRoot: string = path.resolve(__dirname, '..');

/** Directory of the per-event JSON Schemas (`<producer>/<name>.v<N>.schema.json`) and `common/`. */
export const schemasDir: string = path.join(contractsRoot, 'schemas');

/** The CloudEvents envelope schema. */
export const envelopeSchemaPath: string = path.join(contractsRoot, 'cloudevents', 'envelope.schema.json');

/** Directory of the AsyncAPI 3 documents, one per producing service. */
export const asyncApiDir: string = path.join(contractsRoot, 'asyncapi');

/** The declarative topic list. */
export const topicsFilePath: string = path.join(contractsRoot, 'topics.json');
