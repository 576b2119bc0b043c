// The answer contract (DESIGN.md, "The answer the model must return"): the JSON schema sent to the model,
// and the local check of what comes back. The model's answer is untrusted input: it is validated here even
// when the server claims to enforce the schema, and servers that ignore the schema and answer in prose with
// fenced code blocks are read by a fallback parser.
import { UserError } from '../errors.js';
import type { AnswerFile, ModelAnswer } from '../types.js';

/** Strict-mode compatible (OpenAI strict, Anthropic structured outputs): every property required, no extras. */
export const ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    files: {
      type: 'array',
      description: 'Every file to create or change.',
      items: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
            description:
              'Relative to the Django project root (the folder holding manage.py), POSIX separators.',
          },
          action: {
            type: 'string',
            enum: ['create', 'replace', 'append'],
            description:
              'create: a new file; replace: the whole file is rewritten; append: added at the end.',
          },
          content: {
            type: 'string',
            description: 'The full text to write (for append: only the added text).',
          },
        },
        required: ['path', 'action', 'content'],
        additionalProperties: false,
      },
    },
    notes: {
      type: 'string',
      description: 'Markdown for the user: packages to install, migrations, commands to run.',
    },
  },
  required: ['files', 'notes'],
  additionalProperties: false,
} as const;

/** The model's answer could not be read as a set of files. `.raw` keeps the text so nothing paid for is lost. */
export class InvalidAnswerError extends UserError {
  constructor(
    readonly raw: string,
    readonly problems: string[],
  ) {
    super(
      `The model's answer is not a valid set of files: ${problems.join('; ')}.`,
      'Try again, or try another model with --model; a model that follows JSON schemas answers best.',
    );
  }
}

/** Checks an already-parsed value (e.g. a tool call's input) against the answer schema. */
export function validateAnswer(
  value: unknown,
  raw: string = JSON.stringify(value) ?? String(value),
): ModelAnswer {
  const problems = schemaProblems(value, ANSWER_SCHEMA, '');
  if (problems.length > 0) throw new InvalidAnswerError(raw, problems);
  const answer = value as ModelAnswer;
  const blank = answer.files.findIndex((file) => file.path.trim() === '');
  if (blank >= 0) throw new InvalidAnswerError(raw, [`/files/${blank}/path is empty`]);
  return {
    files: answer.files.map(({ path, action, content }) => ({ path, action, content })),
    notes: answer.notes,
  };
}

/** The part of JSON Schema the answer schema uses. */
interface SchemaNode {
  type: 'object' | 'array' | 'string';
  properties?: Record<string, SchemaNode>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: SchemaNode;
  enum?: readonly string[];
}

/**
 * Every way a value breaks the schema, read from ANSWER_SCHEMA itself, so the shape the model is told and
 * the shape that is checked cannot drift. (A general validator cost ~100 ms of start-up for this one schema.)
 */
function schemaProblems(value: unknown, schema: SchemaNode, where: string): string[] {
  const at = where || 'the answer';
  if (schema.type === 'string') {
    if (typeof value !== 'string') return [`${at} must be string`];
    return schema.enum && !schema.enum.includes(value)
      ? [`${at} must be one of ${schema.enum.join(', ')}`]
      : [];
  }
  if (schema.type === 'array') {
    if (!Array.isArray(value)) return [`${at} must be array`];
    return value.flatMap((item, index) => schemaProblems(item, schema.items!, `${where}/${index}`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at} must be object`];
  const record = value as Record<string, unknown>;
  const properties = schema.properties ?? {};
  return [
    ...(schema.required ?? [])
      .filter((key) => !(key in record))
      .map((key) => `${at} must have required property '${key}'`),
    ...Object.keys(record)
      .filter((key) => schema.additionalProperties === false && !(key in properties))
      .map((key) => `${at} has an unexpected field "${key}"`),
    ...Object.entries(properties)
      .filter(([key]) => key in record)
      .flatMap(([key, child]) => schemaProblems(record[key], child, `${where}/${key}`)),
  ];
}

/**
 * Reads the model's text: JSON (bare or in a ```json fence), else prose with a path before each fenced file.
 * Throws InvalidAnswerError, carrying the text, when neither gives a valid answer.
 */
export function parseAnswer(text: string): ModelAnswer {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const trimmed = normalized.trim();
  if (trimmed === '') throw new InvalidAnswerError(text, ['the answer is empty']);

  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new InvalidAnswerError(text, [`it is not valid JSON (${(error as Error).message})`]);
    }
    return validateAnswer(value, text);
  }

  const blocks = findFences(normalized.split('\n'));
  const jsonAnswer = blocks.map((block) => tryJson(block.content)).find(isAnswerShaped);
  if (jsonAnswer) return validateAnswer(jsonAnswer, text);

  const answer = readFencedFiles(normalized.split('\n'), blocks);
  if (answer.files.length === 0) {
    throw new InvalidAnswerError(text, [
      'it is neither JSON nor fenced code blocks each preceded by a file path',
    ]);
  }
  return answer;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isAnswerShaped(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'files' in value;
}

interface FencedBlock {
  /** Line index of the opening fence. */
  start: number;
  /** Line index of the closing fence (or the last line when the fence is never closed). */
  end: number;
  info: string;
  content: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;

/** CommonMark-style fences: a fence closes only on the same character, at least as long, with nothing after. */
function findFences(lines: string[]): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', marker = '', info = ''] = open;
    if (marker.startsWith('`') && info.includes('`')) continue; // inline code, not a fence
    let end = i + 1;
    for (; end < lines.length; end++) {
      const close = FENCE.exec(lines[end] ?? '');
      if (
        close &&
        close[2]?.[0] === marker[0] &&
        (close[2]?.length ?? 0) >= marker.length &&
        !close[3]?.trim()
      )
        break;
    }
    const body = lines.slice(i + 1, end).map((line) => stripIndent(line, indent.length));
    blocks.push({
      start: i,
      end: Math.min(end, lines.length - 1),
      info: info.trim(),
      content: body.join('\n'),
    });
    i = end;
  }
  return blocks;
}

function stripIndent(line: string, width: number): string {
  let cut = 0;
  while (cut < width && line[cut] === ' ') cut++;
  return line.slice(cut);
}

/** Files are the fences with a path on the line before them (or in the fence's info string); the rest is notes. */
function readFencedFiles(lines: string[], blocks: FencedBlock[]): ModelAnswer {
  const files: AnswerFile[] = [];
  const used = new Set<number>();
  let previousEnd = -1;
  for (const block of blocks) {
    const fromInfo = pathFromInfo(block.info);
    let labelLine = block.start - 1;
    while (labelLine > previousEnd && !lines[labelLine]?.trim()) labelLine--;
    const fromLabel = labelLine > previousEnd ? pathFromLabel(lines[labelLine] ?? '') : null;
    const path = fromInfo ?? fromLabel;
    previousEnd = block.end;
    if (!path) continue;
    if (!fromInfo && fromLabel) used.add(labelLine);
    for (let i = block.start; i <= block.end; i++) used.add(i);
    const content =
      block.content === '' || block.content.endsWith('\n') ? block.content : `${block.content}\n`;
    files.push({ path, action: 'create', content });
  }
  const notes = lines
    .filter((_, index) => !used.has(index))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { files, notes };
}

const KNOWN_BARE_NAMES = /^(Dockerfile|Containerfile|Makefile|Procfile|Justfile)([.-][\w.-]+)?$/;

function looksLikePath(candidate: string): boolean {
  if (!/^[\w.@+~/-]+$/.test(candidate) || !/[A-Za-z]/.test(candidate)) return false;
  if (candidate.startsWith('/') || candidate.endsWith('/') || candidate.endsWith('.')) return false;
  const name = candidate.split('/').pop() ?? '';
  return (
    candidate.includes('/') || /\.\w+$/.test(name) || name.startsWith('.') || KNOWN_BARE_NAMES.test(name)
  );
}

/** `**File: \`orders/tasks.py\`**:`, `### orders/tasks.py`, `Path: orders/tasks.py`, `1. orders/tasks.py` ... */
function pathFromLabel(line: string): string | null {
  const quoted = [...line.matchAll(/`([^`]+)`/g)].map((match) => match[1]?.trim() ?? '');
  const inBackticks = quoted.reverse().find(looksLikePath);
  if (inBackticks) return inBackticks;
  let label = line.trim();
  let before: string;
  do {
    before = label;
    label = label
      .replace(/^#{1,6}\s+/, '')
      .replace(/^(?:[-*+]|\d+[.)])\s+/, '')
      .replace(/^(\*\*|__|\*|_)(.*)\1$/, '$2')
      .replace(/^(\*\*|__)/, '')
      .replace(/(\*\*|__)$/, '')
      .replace(/^(?:file(?:name)?|path)\s*:\s*/i, '')
      .replace(/\s*:$/, '')
      .trim();
  } while (label !== before);
  return looksLikePath(label) ? label : null;
}

/** ```python title="orders/tasks.py"```, ```python:orders/tasks.py```, ```orders/tasks.py``` */
function pathFromInfo(info: string): string | null {
  const titled = /(?:title|file|filename|path)=["']?([^"'\s]+)/i.exec(info);
  if (titled?.[1] && looksLikePath(titled[1])) return titled[1];
  return info.split(/[\s:]+/).find((word) => /[/.]/.test(word) && looksLikePath(word)) ?? null;
}
