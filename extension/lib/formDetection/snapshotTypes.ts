/**
 * The plain, serializable picture of a page's form controls that detection decides over
 * (snapshot first, then pure decisions). No field value is ever part of it: the password in
 * particular is never read.
 */
export interface FieldSnapshot {
  /** Position in `FormSnapshot.fields` and in the caller's parallel element array. */
  index: number;
  tag: 'input' | 'button' | 'select' | 'textarea';
  /** Lowercased `type` ("text" for inputs without one, "submit" for buttons without one). */
  type: string;
  name: string;
  id: string;
  autocomplete: string;
  placeholder: string;
  ariaLabel: string;
  /**
   * Text of the associated <label>s (or the `title` attribute), lowercased and shortened. Read
   * only for visible inputs a person types into: no decision looks at other controls' labels.
   */
  labelText: string;
  /** A button's visible text or value; empty for other controls. */
  text: string;
  /** The `class` attribute, shortened: frameworks often put the field's purpose there. */
  className: string;
  visible: boolean;
  disabled: boolean;
  /** Index into `FormSnapshot.groups`. */
  group: number;
  /**
   * The nearest heading above a visible typed input that sits outside any <form> (apps render
   * login fields in plain <div>s): what the form's heading is for fields in a form.
   */
  headingText?: string;
}

/**
 * A <form>, or the loose controls of one document / shadow root that sit outside any form
 * (single-page apps often render login fields without a <form>).
 */
export interface GroupSnapshot {
  index: number;
  isForm: boolean;
  /** id, name, class and action of the form, lowercased: "signup", "newsletter", "login"… */
  attributes: string;
  /** The form's headings/legend and the nearest heading before it, lowercased and shortened. */
  headingText: string;
}

export interface FormSnapshot {
  fields: FieldSnapshot[];
  groups: GroupSnapshot[];
  /** Document title and main heading, lowercased: "Sign in", "Create your account"… */
  pageText: string;
  /** The main heading (first <h1>) alone, lowercased; absent when the page has none. */
  mainHeading?: string;
}
