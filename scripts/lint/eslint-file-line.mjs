// ESLint formatter for scripts/lint.sh: one finding per line as "file:line:column: message (rule)",
// the form compilers, clang-tidy and editors use, so every finding can be opened at its place.
import { relative } from 'node:path';

export default function formatFileLine(results) {
  const lines = [];
  for (const result of results) {
    for (const message of result.messages) {
      const where = `${relative(process.cwd(), result.filePath)}:${message.line ?? 0}:${message.column ?? 0}`;
      const severity = message.severity === 2 ? 'error' : 'warning';
      lines.push(`${where}: ${severity}: ${message.message} (${message.ruleId ?? 'parse'})`);
    }
  }
  return lines.join('\n');
}
