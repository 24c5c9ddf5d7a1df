import { describe, expect, it } from 'vitest';
import { escapeSlackText, markdownToSlackMrkdwn } from '../src/index';

describe('markdownToSlackMrkdwn', () => {
  const cases: Array<[string, string]> = [
    ['**bold** and __bold__', '*bold* and *bold*'],
    ['*italic* and _italic_', '_italic_ and _italic_'],
    ['~~gone~~', '~gone~'],
    ['[docs](https://docs.slack.dev/x?a=1&b=2)', '<https://docs.slack.dev/x?a=1&b=2|docs>'],
    ['use `a<b && c>d` here', 'use `a&lt;b &amp;&amp; c&gt;d` here'],
    ['```ts\nconst x = **1** < 2;\n```', '```const x = **1** &lt; 2;```'],
    ['# Title\n- one\n- two', '*Title*\n• one\n• two'],
    ['<@U123> & <!channel>', '&lt;@U123&gt; &amp; &lt;!channel&gt;'],
    ['**[link](https://a.b)**', '*<https://a.b|link>*'],
    ['2 * 3 * 4', '2 * 3 * 4'],
  ];
  for (const [input, expected] of cases) {
    it(`translates ${JSON.stringify(input)}`, () => {
      expect(markdownToSlackMrkdwn(input)).toBe(expected);
    });
  }

  it('escapes only &, < and >', () => {
    expect(escapeSlackText('a & b <c> "d"')).toBe('a &amp; b &lt;c&gt; "d"');
  });
});
