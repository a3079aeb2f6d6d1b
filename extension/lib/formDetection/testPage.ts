import { parseHTML } from 'linkedom';

/** A DOM for unit tests (no layout: visibility comes from `hidden` and inline styles only). */
export function testDocument(body: string, title = 'Example'): Document {
  const { document } = parseHTML(`<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`);
  return document as unknown as Document;
}
