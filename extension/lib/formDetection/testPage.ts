import { JSDOM } from 'jsdom';

/**
 * A DOM for unit tests (no layout: visibility comes from `hidden` and inline styles only).
 * jsdom rather than linkedom: detection merges and searches elements by document position, and
 * linkedom's compareDocumentPosition answers by tree depth, not order.
 */
export function testDocument(body: string, title = 'Example'): Document {
  return new JSDOM(`<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`).window.document;
}
