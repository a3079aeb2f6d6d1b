import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../forms/fieldErrors.ts';
import { TextAreaField, TextField } from './Field.tsx';

interface SiteLocationFieldsProps {
  /** One origin per line, as typed. */
  origins: string;
  onOrigins: (value: string) => void;
  loginCallback: string;
  onLoginCallback: (value: string) => void;
  errors: FieldErrors;
  originsHint: ComponentChildren;
  loginCallbackHint?: ComponentChildren;
  originsRows: number;
}

/** Where a site lives, as registering it and its settings both ask: its origins and the URL a passkey login lands on. */
export function SiteLocationFields(props: SiteLocationFieldsProps) {
  return (
    <>
      <TextAreaField
        name="origins"
        label="Origins"
        hint={props.originsHint}
        rows={props.originsRows}
        value={props.origins}
        onValue={props.onOrigins}
        error={props.errors['origins']}
      />
      <TextField
        name="loginCallback"
        label="Login callback URL"
        hint={props.loginCallbackHint}
        type="url"
        inputMode="url"
        value={props.loginCallback}
        onValue={props.onLoginCallback}
        error={props.errors['loginCallback']}
      />
    </>
  );
}
