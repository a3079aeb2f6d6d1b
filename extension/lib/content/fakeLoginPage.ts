/**
 * A tiny stand-in DOM for a password login form (what snapshotPage and the identifier watcher
 * touch, nothing more) whose password input THROWS when its value is read: tests use it to
 * prove the extension never reads password values (ARCHITECTURE §2).
 */
export class FakeElement extends EventTarget {
  readonly textContent = '';
  form: FakeElement | null = null;
  constructor(
    readonly tagName: string,
    private readonly attributes: Record<string, string>,
  ) {
    super();
  }
  get id(): string {
    return this.attributes.id ?? '';
  }
  getAttribute(name: string): string | null {
    return this.attributes[name] ?? null;
  }
  checkVisibility(): boolean {
    return true;
  }
}

class FakeInput extends FakeElement {
  value = '';
}

class FakePasswordInput extends FakeElement {
  readonly valueReads: string[] = [];
  get value(): string {
    this.valueReads.push(new Error('stack').stack ?? '');
    throw new Error('the password value was read');
  }
}

export class FakeMutationObserver {
  observe(): void {}
  disconnect(): void {}
}

export function fakeLoginPage() {
  const form = new FakeElement('FORM', {});
  const username = new FakeInput('INPUT', { id: 'username', name: 'username', autocomplete: 'username' });
  const password = new FakePasswordInput('INPUT', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password' });
  const submit = new FakeElement('BUTTON', { type: 'submit' });
  for (const field of [username, password, submit]) field.form = form;
  const fields = [username, password, submit];
  const doc = {
    forms: [form],
    documentElement: new FakeElement('HTML', {}),
    querySelectorAll: () => fields,
  };
  return {
    // snapshotPage / watchIdentifierEntry only use the members above.
    document: doc as unknown as Document,
    username,
    password,
  };
}
