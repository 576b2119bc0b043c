// The lint report as text: findings grouped by file, `line:col code message`, counts per severity,
// the linters (and versions) that ran, and notices. A rule that fires more than a few times across the
// project is shown once, with its count and first places, so one missing global setting does not bury
// the rest; `all` lists every finding. As JSON: every finding, for editors and CI.
import { forTerminal } from '../report/terminal-text.js';
import type { Finding, LintReport } from '../types.js';
import { RULES } from './celery/rules.js';

export interface ReportOptions {
  /** List every finding, even of a rule that fires many times. */
  all?: boolean;
}

/** A rule firing more often than this is summarized on one line. */
const GROUP_ABOVE = 5;
const PLACES_SHOWN = 3;

const SUMMARIES = new Map<string, string>(Object.values(RULES).map((rule) => [rule.code, rule.summary]));

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function byKey<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function totals(findings: Finding[]): string {
  const count = (severity: Finding['severity']) =>
    findings.filter((finding) => finding.severity === severity).length;
  const notes = count('note');
  const files = new Set(findings.map((finding) => finding.file)).size;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}${notes ? `, ${plural(notes, 'note')}` : ''} in ${plural(files, 'file')}`;
}

export function formatReport(report: LintReport, options: ReportOptions = {}): string {
  const lines: string[] = [];
  const byCode = byKey(report.findings, (finding) => finding.code);
  const grouped = new Set(
    options.all
      ? []
      : [...byCode].filter(([, findings]) => findings.length > GROUP_ABOVE).map(([code]) => code),
  );
  const explained = new Set<string>();
  const why = (finding: Finding, indent: string) => {
    // The why is the same for every finding of a rule: say it once.
    if (finding.why && !explained.has(finding.code)) {
      explained.add(finding.code);
      lines.push(`${indent}why: ${finding.why}`);
    }
  };
  const listed = report.findings.filter((finding) => !grouped.has(finding.code));
  for (const [file, findings] of byKey(listed, (finding) => finding.file)) {
    lines.push(file);
    const width = Math.max(...findings.map((finding) => `${finding.line}:${finding.column}`.length));
    for (const finding of findings) {
      lines.push(
        `  ${`${finding.line}:${finding.column}`.padEnd(width)}  ${finding.code} ${finding.message}`,
      );
      why(finding, `  ${' '.repeat(width)}  `);
    }
    lines.push('');
  }
  for (const code of grouped) {
    const findings = byCode.get(code) as Finding[];
    const first = findings[0] as Finding;
    const places = findings
      .slice(0, PLACES_SHOWN)
      .map((finding) => `${finding.file}:${finding.line}:${finding.column}`);
    const more = findings.length - places.length;
    lines.push(`${code} ${findings.length} times: ${SUMMARIES.get(code) ?? first.message}`);
    lines.push(`  at ${places.join(', ')}${more ? ` and ${more} more (--all lists every one)` : ''}`);
    why(first, '  ');
    lines.push('');
  }
  lines.push(report.findings.length ? totals(report.findings) : 'No problems found.');
  if (report.fixed.length) lines.push(`Fixed and formatted: ${report.fixed.join(', ')}`);
  if (report.linters.length) lines.push(`Checked with: ${report.linters.join('; ')}`);
  for (const notice of report.notices) lines.push(`Note: ${notice}`);
  // Messages quote the checked code, which the model wrote.
  return forTerminal(lines.join('\n'));
}

/** One finding for machines: the fields an editor or a CI annotation needs. */
export interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  message: string;
  severity: Finding['severity'];
}

export function reportAsJson(report: LintReport): {
  findings: JsonFinding[];
  linters: string[];
  notices: string[];
  fixed: string[];
} {
  return {
    findings: report.findings.map(({ code, file, line, column, message, severity }) => ({
      rule: code,
      file,
      line,
      column,
      message,
      severity,
    })),
    linters: report.linters,
    notices: report.notices,
    fixed: report.fixed,
  };
}
