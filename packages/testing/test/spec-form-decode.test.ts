import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeForm, encodeForm, type FormValue } from '../src/spec/index';

describe('qs-style form decoder', () => {
  it('nests bracketed keys, builds lists from indices, appends and repeated keys', () => {
    expect(
      decodeForm(
        'amount=100&metadata[order_id]=6735&items[0][price]=p_1&items[1][price]=p_2&expand[]=a&expand[]=b&to=x&to=y',
      ),
    ).toEqual({
      amount: '100',
      metadata: { order_id: '6735' },
      items: [{ price: 'p_1' }, { price: 'p_2' }],
      expand: ['a', 'b'],
      to: ['x', 'y'],
    });
    expect(decodeForm('a%5Bb%5D=c%20d&plain=1+2')).toEqual({ a: { b: 'c d' }, plain: '1 2' });
    expect(decodeForm('weird[key=1&x]=2')).toEqual({ 'weird[key': '1', 'x]': '2' });
  });

  it('round-trips encode → decode for arbitrary nested values', () => {
    const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,7}$/);
    const leaf = fc.string({ maxLength: 12 });
    const { value } = fc.letrec<{ value: FormValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('value'), { minLength: 1, maxLength: 4 }),
        fc.dictionary(key, tie('value'), { minKeys: 1, maxKeys: 4 }),
      ),
    }));
    const nonEmpty = (node: FormValue): boolean =>
      typeof node === 'string' ||
      (Array.isArray(node)
        ? node.length > 0 && node.every(nonEmpty)
        : Object.keys(node).length > 0 && Object.values(node).every(nonEmpty));
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), (input) => {
        fc.pre(Object.values(input).every(nonEmpty));
        expect(decodeForm(encodeForm(input))).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });
});
