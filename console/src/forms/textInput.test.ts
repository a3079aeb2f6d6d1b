import { describe, expect, it } from 'vitest';
import { linesOf, numberOrText } from './textInput.ts';

describe('numberOrText', () => {
  it('leaves an empty field out', () => {
    expect(numberOrText('')).toBeUndefined();
    expect(numberOrText('   ')).toBeUndefined();
  });

  it('reads numbers, and keeps anything else as text for the schema to reject', () => {
    expect(numberOrText(' 12 ')).toBe(12);
    expect(numberOrText('-3')).toBe(-3);
    expect(numberOrText('2.5')).toBe(2.5);
    expect(numberOrText('12abc')).toBe('12abc');
    expect(numberOrText('1e3')).toBe('1e3');
  });
});

describe('linesOf', () => {
  it('takes one trimmed item per line and skips blank lines', () => {
    expect(linesOf(' https://a.example \r\n\n https://b.example\n  \n')).toEqual(['https://a.example', 'https://b.example']);
    expect(linesOf('')).toEqual([]);
  });
});
