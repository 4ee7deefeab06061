import type { Severity } from "./diagnostic.ts";

/**
 * One rule the tool can report, kept with its documentation and its examples the way
 * remark-lint keeps each rule in its own package (and Astro each error in one catalogue):
 * `src/diagnostics/rules/<id>.ts` holds it, the README's table of rules is made from
 * `summary`, and tests/rules.test.ts runs both examples through the real check, so what
 * the docs say is what the tool does.
 */
export type RuleDefinition<Facts = any> = RuleText<Facts> & (
  | {
    /** Reported by `portfolio check` (and before every build): the examples are workspaces. */
    readonly reportedBy: "check";
    readonly examples: RuleExamples<ExampleWorkspace>;
  }
  | {
    /** Reported by `portfolio spec import`: the examples are the text the importer is given. */
    readonly reportedBy: "spec import";
    readonly examples: RuleExamples<string>;
  }
  | {
    /**
     * Reported by `portfolio assess` on an assessor's decisions file: the examples are the
     * file's text, read against the sample portfolio's PDF (its evidence map).
     */
    readonly reportedBy: "assess";
    readonly examples: RuleExamples<string>;
  }
  | {
    /** Reported while the PDF is printed (`portfolio pdf`, `build`): the examples are workspaces, printed in the test. */
    readonly reportedBy: "pdf";
    readonly examples: RuleExamples<ExampleWorkspace>;
  }
);

interface RuleText<Facts> {
  /** Stable and kebab-case, named from the learner's side; tools and tests match on it. */
  readonly id: string;
  /** How bad a finding is; every finding of the rule has it (`--strict` makes warnings errors). */
  readonly severity: Severity;
  /** One line for the README's table: what the rule finds. */
  readonly summary: string;
  /** A paragraph: what it finds, why it matters to the learner, assessor or verifier, how to fix it. */
  readonly docs: string;
  /**
   * What was found, worded from the facts the reader collected: readers never word a
   * finding, so one rule's findings read alike wherever they are found, beside its docs.
   */
  readonly message: (facts: Facts) => string;
  /** What to do about it, after the message and "; ", where the message alone does not say. */
  readonly hint?: (facts: Facts) => string | undefined;
  /**
   * The whole finding as what is shared shows it (the site's dashboard), where the message
   * quotes what must not be shared: a contact's id, a name, an email address.
   */
  readonly shared?: (facts: Facts) => string | undefined;
}

/** `notOk` must be reported by the rule, `ok` must not, and reports nothing but gaps. */
export interface RuleExamples<T> {
  readonly notOk: T;
  readonly ok: T;
}

/**
 * Files laid over a small workspace (tests/fixtures/_base: portfolio.yaml registering
 * R/600/9587, with the specs of R/600/9587 and J/506/1949), by path in the workspace. A
 * file given here replaces the one there.
 */
export type ExampleWorkspace = Readonly<Record<string, ExampleFile>>;

/**
 * Text (written as UTF-8); bytes as they are; a symbolic link to `symlink` (which need not
 * exist); or a file of `size` bytes, `head` and then zeros, written sparse so that a
 * 60 MB photo costs nothing to lay out.
 */
export type ExampleFile = string | Uint8Array | { readonly symlink: string } | { readonly size: number; readonly head?: Uint8Array };
