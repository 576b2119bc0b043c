import { describe, expect, it } from 'vitest';
import {
  ANSWER_SCHEMA,
  InvalidAnswerError,
  parseAnswer,
  validateAnswer,
} from '../../../src/lib/generate/model-answer.js';
import { UserError } from '../../../src/lib/errors.js';

const TASKS = 'from celery import shared_task\n\n\n@shared_task\ndef ping():\n    return "pong"\n';

function invalid(text: string): InvalidAnswerError {
  try {
    parseAnswer(text);
  } catch (error) {
    if (error instanceof InvalidAnswerError) return error;
    throw error;
  }
  throw new Error('parseAnswer accepted the text');
}

describe('ANSWER_SCHEMA', () => {
  it('is strict: every property required and no extra fields, at every level', () => {
    const objects = [ANSWER_SCHEMA, ANSWER_SCHEMA.properties.files.items];
    for (const object of objects) {
      expect(object.additionalProperties).toBe(false);
      expect([...object.required].sort()).toEqual(Object.keys(object.properties).sort());
    }
    expect(ANSWER_SCHEMA.properties.files.items.properties.action.enum).toEqual([
      'create',
      'replace',
      'append',
    ]);
  });
});

describe('parseAnswer: JSON', () => {
  const answer = {
    files: [{ path: 'orders/tasks.py', action: 'create', content: TASKS }],
    notes: 'Run migrations.',
  };

  it('reads a JSON answer', () => {
    expect(parseAnswer(JSON.stringify(answer))).toEqual(answer);
  });

  it('reads JSON wrapped in a ```json fence, with prose around it', () => {
    const text = `Here you go:\r\n\r\n\`\`\`json\r\n${JSON.stringify(answer, null, 2)}\r\n\`\`\`\r\n`;
    expect(parseAnswer(text)).toEqual(answer);
  });

  it('rejects JSON that breaks the schema, naming every problem and keeping the text', () => {
    const text = JSON.stringify({ files: [{ path: 'a.py', action: 'delete', content: 1, mode: 'x' }] });
    const error = invalid(text);
    expect(error).toBeInstanceOf(UserError);
    expect(error.raw).toBe(text);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        "the answer must have required property 'notes'",
        '/files/0 has an unexpected field "mode"',
        '/files/0/action must be one of create, replace, append',
        '/files/0/content must be string',
      ]),
    );
    expect(error.message).toContain('/files/0/action must be one of create, replace, append');
  });

  it('rejects JSON that does not parse (a cut-off answer), saying so', () => {
    const error = invalid('{"files": [{"path": "orders/tasks.py", "action": "create", "content": "imp');
    expect(error.problems[0]).toMatch(/^it is not valid JSON/);
  });

  it('rejects a blank path', () => {
    expect(() =>
      parseAnswer(JSON.stringify({ files: [{ path: ' ', action: 'create', content: '' }], notes: '' })),
    ).toThrow(/\/files\/0\/path is empty/);
  });

  it('rejects an empty answer', () => {
    expect(invalid('  \n').problems).toEqual(['the answer is empty']);
  });
});

describe('parseAnswer: prose with fenced files (servers that ignore the schema)', () => {
  const labels = [
    'orders/tasks.py',
    '`orders/tasks.py`',
    '**orders/tasks.py**',
    '**`orders/tasks.py`**:',
    'File: orders/tasks.py',
    '**File:** `orders/tasks.py`',
    'Path: `orders/tasks.py`:',
    '### orders/tasks.py',
    '## File: `orders/tasks.py`',
    '1. **orders/tasks.py**',
    '- `orders/tasks.py`:',
    'Create `orders/tasks.py`:',
    'orders/tasks.py:',
  ];

  it.each(labels)('finds the path in the line %j before the fence', (label) => {
    const text = `I added a task.\n\n${label}\n\n\`\`\`python\n${TASKS}\`\`\`\n\nRestart the worker.`;
    expect(parseAnswer(text)).toEqual({
      files: [{ path: 'orders/tasks.py', action: 'create', content: TASKS }],
      notes: 'I added a task.\n\nRestart the worker.',
    });
  });

  it('reads several files, CRLF line ends, and keeps fences without a path (commands) in the notes', () => {
    const text = [
      'Two files:',
      '',
      '**config/celery.py**',
      '```python',
      'import os',
      '```',
      '',
      '**Dockerfile**',
      '```dockerfile',
      'FROM python:3.13',
      '```',
      '',
      'Then run:',
      '',
      '```bash',
      'pip install celery',
      '```',
    ].join('\r\n');
    const answer = parseAnswer(text);
    expect(answer.files).toEqual([
      { path: 'config/celery.py', action: 'create', content: 'import os\n' },
      { path: 'Dockerfile', action: 'create', content: 'FROM python:3.13\n' },
    ]);
    expect(answer.notes).toBe('Two files:\n\nThen run:\n\n```bash\npip install celery\n```');
  });

  it('keeps a ``` fence inside a file wrapped in a longer ```` fence', () => {
    const readme = '# Celery\n\n```bash\ncelery -A config worker\n```\n';
    const text = `docs/celery/README.md\n\n\`\`\`\`markdown\n${readme}\`\`\`\`\n`;
    expect(parseAnswer(text).files).toEqual([
      { path: 'docs/celery/README.md', action: 'create', content: readme },
    ]);
  });

  it('reads a path from the fence info string', () => {
    const text =
      'Here:\n\n```python title="orders/tasks.py"\nx = 1\n```\n\n```python:orders/models.py\ny = 2\n```';
    expect(parseAnswer(text).files.map((file) => file.path)).toEqual(['orders/tasks.py', 'orders/models.py']);
  });

  it('does not take a prose heading for a path', () => {
    const error = invalid('## Usage\n\n```bash\ncelery -A config worker\n```\n');
    expect(error.problems).toEqual([
      'it is neither JSON nor fenced code blocks each preceded by a file path',
    ]);
    expect(error.raw).toContain('## Usage');
  });

  it('fails on prose without any file, carrying the text', () => {
    const text = 'Sorry, I cannot see your settings file.';
    const error = invalid(text);
    expect(error.raw).toBe(text);
    expect(error.message).toContain('not a valid set of files');
    expect(error.hint).toContain('--model');
  });
});

describe('validateAnswer', () => {
  it('accepts a parsed object and drops nothing the schema allows', () => {
    const value = { files: [{ path: 'a/b.py', action: 'append', content: 'x\n' }], notes: '' };
    expect(validateAnswer(value)).toEqual(value);
  });

  it('rejects a non-object with the JSON as raw text', () => {
    const error = (() => {
      try {
        validateAnswer(['not', 'an', 'answer']);
      } catch (caught) {
        return caught as InvalidAnswerError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidAnswerError);
    expect(error?.raw).toBe('["not","an","answer"]');
    expect(error?.problems).toEqual(['the answer must be object']);
  });
});
