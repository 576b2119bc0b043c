// YAML syntax and duplicate keys, with line numbers, for every .yml/.yaml file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseAllDocuments, type Document, type YAMLError } from 'yaml';
import type { Finding } from '../types.js';

export interface ParsedYaml {
  file: string;
  documents: Document.Parsed[];
  lineCounter: LineCounter;
  /** True when the file has no syntax errors (schema checks make sense only then). */
  valid: boolean;
}

function kebab(code: string): string {
  return code.toLowerCase().replace(/_/g, '-');
}

function toFinding(
  file: string,
  source: string,
  lineCounter: LineCounter,
  problem: YAMLError,
  severity: Finding['severity'],
): Finding {
  const { line, col } = lineCounter.linePos(problem.pos[0]);
  const key = /^(["']?)([^\n]*?)\1\s*:/.exec(source.slice(problem.pos[0]))?.[2];
  const message =
    problem.code === 'DUPLICATE_KEY' && key
      ? `duplicate key '${key}': a later value silently replaces the earlier one`
      : (problem.message.split('\n')[0] ?? problem.message);
  return { file, line, column: col, code: `yaml/${kebab(problem.code)}`, message, severity, source: 'yaml' };
}

export function parseYamlFile(
  root: string,
  file: string,
): { findings: Finding[]; parsed: ParsedYaml | null } {
  let source: string;
  try {
    source = readFileSync(path.join(root, file), 'utf8');
  } catch {
    return { findings: [], parsed: null };
  }
  const lineCounter = new LineCounter();
  // merge: compose files share settings with `<<: *anchor`, which YAML 1.2 alone reads as a plain key.
  const parsedDocuments = parseAllDocuments(source, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    merge: true,
  });
  const documents = Array.isArray(parsedDocuments) ? parsedDocuments : [];
  const findings = documents.flatMap((document) => [
    ...document.errors.map((error) => toFinding(file, source, lineCounter, error, 'error')),
    ...document.warnings.map((warning) => toFinding(file, source, lineCounter, warning, 'warning')),
  ]);
  return {
    findings,
    parsed: {
      file,
      documents,
      lineCounter,
      valid: !findings.some((finding) => finding.severity === 'error'),
    },
  };
}
