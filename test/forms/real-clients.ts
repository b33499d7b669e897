/**
 * The clients our form schemas are checked against, set up once: Ajv's draft 2020-12 class in
 * strict mode with the standard formats, and react-jsonschema-form's validator on that class.
 */
import { customizeValidator } from '@rjsf/validator-ajv8';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export type Schema = Record<string, unknown>;

export function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv;
}

type AjvClass = NonNullable<NonNullable<Parameters<typeof customizeValidator>[0]>['AjvClass']>;

/** rjsf types AjvClass as the draft-07 class; the 2020 class has the same constructor and API. */
export const rjsfValidator = (): ReturnType<typeof customizeValidator> => customizeValidator({ AjvClass: Ajv2020 as unknown as AjvClass });

/** The `properties` of a schema (empty when it has none). */
export const props = (s: unknown): Record<string, Schema> => ((s as Schema)['properties'] as Record<string, Schema> | undefined) ?? {};
