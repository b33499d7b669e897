/**
 * @module extract/contact-merge
 * The contacts found in several places of a notice, made one list: a person printed twice is one
 * contact, and a nameless one that adds no number or address is dropped.
 */
import type { Contact } from '../record/schema.js';
import { digitsKey } from './phone-numbers.js';

/** One person printed twice (`马斌老师：1328…` then `马斌老师：bma@…`) is one contact with both. */
export function mergeSameName(contacts: Contact[]): Contact[] {
  const out: Contact[] = [];
  for (const c of contacts) {
    const same = c.name === null ? undefined : out.find((o) => o.name === c.name && (o.org === c.org || !o.org || !c.org));
    if (!same) {
      out.push(c);
      continue;
    }
    const union = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])];
    same.phones = union(same.phones, c.phones);
    same.faxes = union(same.faxes, c.faxes);
    same.emails = union(same.emails, c.emails);
    same.org ??= c.org;
    same.address ??= c.address;
    same.postcode ??= c.postcode;
  }
  return out;
}

/** A nameless contact whose numbers and addresses another contact already holds adds nothing. */
export function dropCovered(contacts: Contact[]): Contact[] {
  const out: Contact[] = [];
  for (const c of contacts) {
    const values = [...c.emails.map((e) => e.toLowerCase()), ...[...c.phones, ...c.faxes].map(digitsKey)];
    const known = new Set(out.flatMap((o) => [...o.emails.map((e) => e.toLowerCase()), ...[...o.phones, ...o.faxes].map(digitsKey)]));
    if (c.name === null && !c.address && values.every((v) => known.has(v))) continue;
    out.push(c);
  }
  return out;
}
