/**
 * Ways to take one kind of cue out of a saved page before detection, to see how much the
 * detector leans on it (`npm run eval:forms -- --robustness`). Pages of the same kind that the
 * corpus doesn't hold differ most in exactly these: apps without <form>s, neutral titles,
 * headings that say nothing.
 */
export const CUE_REMOVALS = {
  /** Every <form> becomes a <div> with the same attributes: fields as an app renders them. */
  'no-forms': (doc: Document) => {
    for (const form of Array.from(doc.querySelectorAll('form'))) {
      const div = doc.createElement('div');
      for (const attribute of Array.from(form.attributes)) div.setAttribute(attribute.name, attribute.value);
      div.replaceChildren(...Array.from(form.childNodes));
      form.replaceWith(div);
    }
  },
  /** Title and main heading say nothing about the page. */
  'no-title': (doc: Document) => {
    doc.title = 'Welcome';
    for (const heading of Array.from(doc.querySelectorAll('h1'))) heading.textContent = 'Welcome';
  },
  /** Section headings and legends say nothing either. */
  'no-headings': (doc: Document) => {
    for (const heading of Array.from(doc.querySelectorAll('h2, h3, h4, legend, [role="heading"]'))) heading.textContent = 'Welcome';
  },
} satisfies Record<string, (doc: Document) => void>;

export type CueRemoval = keyof typeof CUE_REMOVALS;
