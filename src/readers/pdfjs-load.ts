/**
 * @module readers/pdfjs-load
 * Loads pdfjs-dist's legacy build without letting it change the built-ins of the whole process.
 *
 * The legacy build bundles core-js, which on load replaces built-ins that Node already has
 * (`Array.prototype.push`, `JSON.stringify`, `JSON.parse`, `Function.prototype.toString` …) with
 * its own wrappers: every push and every record serialised anywhere in the process then runs
 * through them. Here the built-ins are recorded before pdfjs and its worker (run in this thread,
 * the fake worker) are evaluated, and every one that was replaced is put back afterwards. What
 * core-js only adds (`Promise.withResolvers`, `Map.prototype.getOrInsert` … missing from Node 20)
 * stays: pdfjs calls them. The worker is imported here, inside the window, so that pdfjs's own
 * later import of it (same URL) finds it in the module cache and core-js does not run again.
 */

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** Objects whose own properties core-js replaces; their prototypes and statics. */
function builtinHolders(): object[] {
  const typedArray = Object.getPrototypeOf(Uint8Array) as object;
  const ctors: Array<{ prototype?: unknown }> = [
    Object, Function, Array, String, Number, Boolean, Symbol, Promise, Map, Set, WeakMap, WeakSet,
    RegExp, Date, Error, ArrayBuffer, DataView, Uint8Array, typedArray as { prototype?: unknown },
  ];
  const holders: object[] = [globalThis, JSON, Math, Reflect];
  for (const c of ctors) {
    holders.push(c as object);
    // Function.prototype is itself a function.
    if ((typeof c.prototype === 'object' || typeof c.prototype === 'function') && c.prototype !== null) holders.push(c.prototype as object);
  }
  return holders;
}

type Snapshot = Map<object, Map<PropertyKey, PropertyDescriptor>>;

function snapshot(holders: readonly object[]): Snapshot {
  const out: Snapshot = new Map();
  for (const h of holders) {
    const props = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(h)) {
      const d = Reflect.getOwnPropertyDescriptor(h, key);
      if (d) props.set(key, d);
    }
    out.set(h, props);
  }
  return out;
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor): boolean => a.value === b.value && a.get === b.get && a.set === b.set;

/** Puts back every recorded property whose value or accessor was replaced; returns their names. */
export function restore(before: Snapshot): string[] {
  const restored: string[] = [];
  for (const [holder, props] of before) {
    for (const [key, original] of props) {
      const now = Reflect.getOwnPropertyDescriptor(holder, key);
      if (!now || sameDescriptor(now, original)) continue;
      // Node's lazy globals (TextEncoder, Blob …) turn from accessors into values on first use:
      // not a replacement.
      if (holder === globalThis && original.get && !now.get) continue;
      if (Reflect.defineProperty(holder, key, original)) restored.push(String(key));
    }
  }
  return restored;
}

/** Runs `load` with the built-ins of the process put back as they were before it. */
export async function withNativeBuiltins<T>(load: () => Promise<T>): Promise<T> {
  const before = snapshot(builtinHolders());
  try {
    return await load();
  } finally {
    restore(before);
  }
}

/** pdfjs's worker module, run in this thread; imported by name so no type declarations are needed. */
const WORKER: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

export const pdfjs: PdfjsModule = await withNativeBuiltins(async () => {
  const main = await import('pdfjs-dist/legacy/build/pdf.mjs');
  await import(WORKER);
  return main;
});
