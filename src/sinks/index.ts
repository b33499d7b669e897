/**
 * @module sinks
 * Where a stored record goes next: the search index, the JSON Feed and (on demand) an es-bulk
 * export. `openPublisher` is what the intake calls once per stored record.
 */
export { openPublisher, type Publisher } from './publisher.js';
