/**
 * `label[for]` texts of one scope, read in one query the first time a label is asked for.
 * `element.labels` would be simpler but Chromium builds each list by walking the whole
 * document on first access, which made the first detection on a big page cost milliseconds.
 */
export class LabelIndex {
  private readonly byScope = new Map<Document | ShadowRoot, Map<string, Element[]>>();

  textFor(scope: Document | ShadowRoot, id: string): string {
    let index = this.byScope.get(scope);
    if (index === undefined) {
      index = new Map();
      const labels = scope.querySelectorAll('label[for]');
      for (let i = 0; i < labels.length; i++) {
        const label = labels[i];
        const target = label?.getAttribute('for');
        if (label === undefined || target == null || target === '') continue;
        const known = index.get(target);
        if (known === undefined) index.set(target, [label]);
        else known.push(label);
      }
      this.byScope.set(scope, index);
    }
    return (index.get(id) ?? []).map((label) => label.textContent ?? '').join(' ');
  }
}
