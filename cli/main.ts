import { parseArgs } from 'node:util';
import { checkCommand } from './commands/check';
import { adminCommand } from './commands/admin';
import { submitCommand } from './commands/submit';
import { resolveCriteria, UsageError } from './criteria-source';
import { ServiceError } from './http';
import { langOf, say, type Lang } from './i18n';
import { XlsxError } from './xlsx/errors';

/**
 * `roster-check` — the command line: check roster files, submit one, and the admin tasks of
 * whoever runs the county service. Exit codes: 0 no errors, 1 errors found, 2 bad usage or an
 * unreadable file (and a failed request).
 */

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  tty: boolean;
}

const OPTIONS = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  criteria: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  profile: { type: 'string' },
  period: { type: 'string' },
  'reference-date': { type: 'string' },
  'no-annotate': { type: 'boolean' },
  township: { type: 'string' },
  role: { type: 'string' },
  label: { type: 'string' },
  version: { type: 'string' },
  note: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Flags = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

export async function main(argv: string[], io: Io): Promise<number> {
  let lang: Lang = langOf(undefined, io.env);
  try {
    const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const flags = parsed.values as Flags;
    lang = langOf(flags.lang, io.env);
    const [command, ...rest] = parsed.positionals;
    if (flags.help || !command) {
      (command ? io.stdout : io.stderr)(say(lang, 'usage'));
      return command ? 0 : 2;
    }
    const server = flags.server ?? io.env.ROSTER_CHECK_SERVER;
    const token = flags.token ?? io.env.ROSTER_CHECK_TOKEN;
    switch (command) {
      case 'check': {
        if (!rest.length) throw new UsageError(say(lang, 'noFiles'));
        const source = await resolveCriteria({ criteriaFile: flags.criteria, server, token, profile: flags.profile, lang, warn: io.stderr });
        return await checkCommand({
          inputs: rest,
          source,
          period: flags.period,
          referenceDate: flags['reference-date'],
          json: !!flags.json,
          out: flags.out,
          annotate: !flags['no-annotate'],
          lang,
          stdout: io.stdout,
          stderr: io.stderr,
          tty: io.tty,
        });
      }
      case 'submit':
        return await submitCommand({ args: rest, flags, server, token, lang, io });
      case 'tokens':
      case 'criteria':
      case 'report':
        return await adminCommand({ group: command, args: rest, flags, server, token, lang, io });
      default:
        throw new UsageError(`${say(lang, 'unknownCommand', command)}\n\n${say(lang, 'usage')}`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ServiceError) io.stderr(err.message);
    else if (err instanceof XlsxError) io.stderr(err.text[lang]);
    else if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) io.stderr(say(lang, 'badOption', (err as Error).message));
    else throw err;
    return 2;
  }
}
