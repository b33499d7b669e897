/**
 * @module extract/forms/schema
 * A form's layout → a self-contained JSON Schema (draft 2020-12), the react-jsonschema-form
 * uiSchema for it, and a JSON Pointer per field back to where its label is printed.
 * Keys are ASCII (pinyin of the label), titles the printed labels, order the printed order.
 */
import { KeyScope } from './keys.js';
import { fieldSchema, type JsonSchema, type UiSchema } from './field-types.js';
import type { Field, FieldOrigin, FormLayout, Group, Rows } from './field.js';

export const JSON_SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

export interface FieldSource {
  /** JSON Pointer to the field's schema inside the form schema */
  pointer: string;
  title: string;
  origin: FieldOrigin;
}

export interface BuiltForm {
  schema: JsonSchema;
  uiSchema: UiSchema;
  sources: FieldSource[];
}

interface ObjectParts {
  properties: Record<string, JsonSchema>;
  ui: UiSchema;
  required: string[];
  conditions: JsonSchema[];
}

const escapePointer = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Adds one field to an object under construction; "other, please specify" adds a conditional text field. */
function addField(obj: ObjectParts, scope: KeyScope, f: Field, pointer: string, sources: FieldSource[]): void {
  const key = scope.take(f.title);
  const { schema, ui, other } = fieldSchema(f);
  obj.properties[key] = schema;
  if (Object.keys(ui).length) obj.ui[key] = ui;
  if (f.required) obj.required.push(key);
  sources.push({ pointer: `${pointer}/properties/${escapePointer(key)}`, title: f.title, origin: f.origin });
  if (other) {
    // Shown and required only when the "other" option is chosen (rjsf resolves if/then).
    const otherKey = scope.claim(`${key}_other`);
    const chosen = schema['type'] === 'array' ? { contains: { const: other.value } } : { const: other.value };
    obj.conditions.push({
      if: { properties: { [key]: chosen }, required: [key] },
      then: { properties: { [otherKey]: { title: `${other.value}（${other.specify}）`, type: 'string', minLength: 1 } }, required: [otherKey] },
    });
  }
}

/** A group of fields → a nested object of `obj`. */
function addGroup(obj: ObjectParts, scope: KeyScope, g: Group, at: string, sources: FieldSource[]): void {
  const inner = emptyParts();
  const innerScope = new KeyScope();
  const key = scope.take(g.title);
  const pointer = `${at}/properties/${escapePointer(key)}`;
  sources.push({ pointer, title: g.title, origin: g.origin });
  for (const f of g.fields) addField(inner, innerScope, f, pointer, sources);
  obj.properties[key] = objectSchema(g.title, inner);
  obj.ui[key] = withOrder(inner.ui, inner.properties);
}

/** Repeating rows → an array of row objects; the form's only grid is keyed `rows`. */
function addRows(obj: ObjectParts, scope: KeyScope, rows: Rows, isTheForm: boolean, sources: FieldSource[]): void {
  const inner = emptyParts();
  const innerScope = new KeyScope();
  const key = isTheForm ? scope.claim('rows') : scope.take(rows.title);
  const pointer = `/properties/${escapePointer(key)}`;
  sources.push({ pointer, title: rows.title, origin: rows.origin });
  for (const col of rows.columns) {
    if (col.kind === 'field') addField(inner, innerScope, col.field, `${pointer}/items`, sources);
    else addGroup(inner, innerScope, col.group, `${pointer}/items`, sources);
  }
  obj.properties[key] = {
    title: rows.title,
    ...(rows.description ? { description: rows.description } : {}),
    type: 'array',
    items: objectSchema(null, inner),
    maxItems: rows.maxItems,
  };
  obj.ui[key] = { items: withOrder(inner.ui, inner.properties), 'ui:options': { orderable: false } };
}

function objectSchema(title: string | null, o: ObjectParts): JsonSchema {
  return {
    ...(title ? { title } : {}),
    type: 'object',
    properties: o.properties,
    ...(o.required.length ? { required: o.required } : {}),
    ...(o.conditions.length ? { allOf: o.conditions } : {}),
  };
}

const emptyParts = (): ObjectParts => ({ properties: {}, ui: {}, required: [], conditions: [] });

function withOrder(ui: UiSchema, properties: Record<string, JsonSchema>): UiSchema {
  // '*' keeps rjsf rendering the conditional "other" fields that are not listed.
  return { 'ui:order': [...Object.keys(properties), '*'], ...ui };
}

export function buildForm(title: string, layout: FormLayout): BuiltForm | null {
  if (layout.items.length === 0) return null;
  const top = emptyParts();
  const scope = new KeyScope();
  const sources: FieldSource[] = [];
  for (const it of layout.items) {
    if (it.kind === 'field') addField(top, scope, it.field, '', sources);
    else if (it.kind === 'group') addGroup(top, scope, it.group, '', sources);
    else addRows(top, scope, it.rows, it.rows.title === title, sources);
  }
  const schema: JsonSchema = { $schema: JSON_SCHEMA_2020_12, ...objectSchema(title, top) };
  return { schema, uiSchema: withOrder(top.ui, top.properties), sources };
}
