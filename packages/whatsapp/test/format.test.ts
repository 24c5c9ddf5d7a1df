import { describe, expect, it } from 'vitest';
import { markdownToWhatsApp } from '../src/format';

describe('markdownToWhatsApp', () => {
  it('maps bold, italic and strikethrough to WhatsApp markers', () => {
    expect(markdownToWhatsApp('**bold** *it* _it2_ ~~gone~~ __strong__')).toBe(
      '*bold* _it_ _it2_ ~gone~ *strong*',
    );
  });

  it('keeps inline code and code blocks verbatim, dropping the fence language', () => {
    expect(markdownToWhatsApp('run `**not bold**` now')).toBe('run `**not bold**` now');
    expect(markdownToWhatsApp('```js\nconst a = **b**;\n```')).toBe('```\nconst a = **b**;\n```');
  });

  it('renders links as text (url) and headings as bold', () => {
    expect(markdownToWhatsApp('# Order [#42](https://shop.example/42)')).toBe(
      '*Order #42 (https://shop.example/42)*',
    );
    expect(markdownToWhatsApp('[https://a.example](https://a.example)')).toBe('https://a.example');
  });

  it('leaves lone markers, lists and quotes alone', () => {
    expect(markdownToWhatsApp('2 * 3 = 6\n- item\n> quoted')).toBe('2 * 3 = 6\n- item\n> quoted');
  });
});
