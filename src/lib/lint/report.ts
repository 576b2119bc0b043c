// The lint report as text: findings grouped by file, `line:col code message`, counts per severity,
// the linters (and versions) that ran, and notices.
import { forTerminal } from '../report/terminal-text.js';
import type { Finding, LintReport } from '../types.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatReport(report: LintReport): string {
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings)
    byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  const explained = new Set<string>();
  for (const [file, findings] of byFile) {
    lines.push(file);
    const width = Math.max(...findings.map((finding) => `${finding.line}:${finding.column}`.length));
    for (const finding of findings) {
      const at = `${finding.line}:${finding.column}`.padEnd(width);
      lines.push(`  ${at}  ${finding.code} ${finding.message}`);
      // The why is the same for every finding of a rule: say it once.
      if (finding.why && !explained.has(finding.code)) {
        explained.add(finding.code);
        lines.push(`  ${' '.repeat(width)}  why: ${finding.why}`);
      }
    }
    lines.push('');
  }
  const errors = report.findings.filter((finding) => finding.severity === 'error').length;
  const warnings = report.findings.length - errors;
  lines.push(
    report.findings.length
      ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(byFile.size, 'file')}`
      : 'No problems found.',
  );
  if (report.fixed.length) lines.push(`Fixed and formatted: ${report.fixed.join(', ')}`);
  if (report.linters.length) lines.push(`Checked with: ${report.linters.join('; ')}`);
  for (const notice of report.notices) lines.push(`Note: ${notice}`);
  // Messages quote the checked code, which the model wrote.
  return forTerminal(lines.join('\n'));
}
