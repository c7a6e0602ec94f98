/** Parsed `--name value` / `--flag` options; positional arguments in `_`. */
export interface ParsedArguments {
  _: string[];
  options: Record<string, string | true>;
}

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const result: ParsedArguments = { _: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) result.options[name] = inline;
      else if (next !== undefined && !next.startsWith('--')) {
        result.options[name] = next;
        i++;
      } else result.options[name] = true;
    } else result._.push(arg);
  }
  return result;
}

export function stringOption(args: ParsedArguments, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}
