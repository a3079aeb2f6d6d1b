import { describe, expect, it } from 'vitest';
import { siteSettingsBodySchema, sitePolicySchema } from '@pkc/shared';
import { fieldErrorsFrom, fieldForPath } from './fieldErrors.ts';

describe('fieldForPath', () => {
  const fields = ['origins', 'skipBackoff.skips', 'skipBackoff.days', 'rollout.percent'];

  it('finds the field that owns a path, however deep', () => {
    expect(fieldForPath(['origins', 2], fields)).toBe('origins');
    expect(fieldForPath('skipBackoff.days'.split('.'), fields)).toBe('skipBackoff.days');
    expect(fieldForPath(['rollout', 'percent'], fields)).toBe('rollout.percent');
  });

  it('finds none for a path no field starts', () => {
    expect(fieldForPath(['skipBackoff'], fields)).toBeUndefined();
    expect(fieldForPath(['loginCallback'], fields)).toBeUndefined();
  });
});

describe('fieldErrorsFrom', () => {
  it('words number problems for people: empty, mistyped, out of range', () => {
    const input = { failureThreshold: 'two', skipBackoff: { skips: 3, days: undefined }, neverOnDeviceDays: 0, rollout: { percent: 101 } };
    const result = sitePolicySchema.safeParse(input);
    expect(result.success).toBe(false);
    const errors = fieldErrorsFrom(
      result.error?.issues ?? [],
      ['failureThreshold', 'skipBackoff.skips', 'skipBackoff.days', 'neverOnDeviceDays', 'rollout.percent'],
      input,
    );
    expect(errors).toEqual({
      fields: {
        failureThreshold: 'enter a whole number',
        'skipBackoff.days': 'required',
        neverOnDeviceDays: 'at least 1',
        'rollout.percent': 'at most 100',
      },
      form: [],
    });
  });

  it('says a fraction is not a whole number', () => {
    const input = { failureThreshold: 2.5 };
    const errors = fieldErrorsFrom(sitePolicySchema.safeParse(input).error?.issues ?? [], ['failureThreshold'], input);
    expect(errors.fields['failureThreshold']).toBe('enter a whole number');
  });

  it('quotes a bad origin and keeps the schema’s own words', () => {
    const input = { origins: ['https://shop.example', 'shop.example'], loginCallback: 'https://shop.example/cb' };
    const errors = fieldErrorsFrom(siteSettingsBodySchema.safeParse(input).error?.issues ?? [], ['origins', 'loginCallback'], input);
    expect(errors.fields).toEqual({ origins: '"shop.example": must be an origin such as https://shop.example' });
  });

  it('keeps a custom array message and passes issues no field owns to the form', () => {
    const input = { origins: [], loginCallback: 'javascript:alert(1)', extra: true };
    const errors = fieldErrorsFrom(siteSettingsBodySchema.safeParse(input).error?.issues ?? [], ['origins', 'loginCallback'], input);
    expect(errors.fields).toEqual({
      origins: 'at least one origin',
      loginCallback: 'must be an http(s) URL such as https://shop.example/passkey-login',
    });
    expect(errors.form).toHaveLength(1);
  });
});
