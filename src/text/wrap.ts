/**
 * A line broken at spaces to fit `width` columns, each continuation indented by `indent`
 * spaces. A word longer than the width stays whole on its own line.
 */
export function wrap(line: string, width: number, indent = 0): string[] {
  if (line.length <= width) return [line];
  const pad = " ".repeat(indent);
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(" ", width);
    if (cut <= indent) cut = rest.indexOf(" ", width);
    if (cut < 0) break;
    out.push(rest.slice(0, cut).trimEnd());
    rest = pad + rest.slice(cut + 1).trimStart();
  }
  out.push(rest);
  return out;
}

/**
 * The width to wrap a report written to standard output: its terminal's, at most 100
 * columns; none when the output is piped, so each line stays whole for whatever reads it.
 */
export function reportWidth(): number | undefined {
  return process.stdout.isTTY ? Math.min(process.stdout.columns || 80, 100) : undefined;
}

/** The width of the terminal the command's output goes to, or undefined when it is piped or redirected. */
export function terminalWidth(): number | undefined {
  const stream = process.stdout.isTTY ? process.stdout : process.stderr.isTTY ? process.stderr : undefined;
  return stream ? stream.columns || 80 : undefined;
}
