import type { NameLexicon } from "./name-lexicon.ts";

/** What reads as a person's name in a text: where, and as written. */
export interface PersonName {
  index: number;
  length: number;
  text: string;
  /** Written as an author is cited: `Gibbs (1988)`, `(Kolb, 1984)`, `Rolfe et al.`. */
  cited: boolean;
}

interface Word {
  text: string;
  /** Without a possessive ending (`Karen's` → `Karen`). */
  bare: string;
  lower: string;
  index: number;
  end: number;
  capitalised: boolean;
  allCaps: boolean;
  possessive: boolean;
  /** Where the word ends without its possessive ending. */
  bareEnd: number;
  /** First word of a sentence, a line, a list item, a cell or a quotation. */
  initial: boolean;
}

/** Name particles that may sit in lower case inside a name: `van der Berg`, `ap Rhys`. */
const PARTICLES = new Set(["van", "der", "den", "de", "da", "di", "du", "del", "della", "dos", "das", "le", "la", "ap", "bin", "ibn", "bint", "al", "el", "von", "zu", "ten", "ter"]);
/** A word, invisible characters pasted inside it included (`Smi<U+200C>thers` is one word). */
const WORD = /[\p{L}][\p{L}\p{M}'’.\u00ad\u200b-\u200f\u2060\ufeff-]*[\p{L}\p{M}'’]|[\p{L}]/gu;
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;
/** What precedes a place rather than a person: "in Chester", "near Lincoln". */
const PLACE_BEFORE = new Set(["in", "at", "near", "around", "outside", "across", "towards", "via"]);
/** Words after a name that say it is a person, besides verbs: "Folake and I", "Karen herself". */
const PERSON_AFTER = new Set(["who", "whom", "whose", "herself", "himself", "themselves", "says", "said", "will", "would", "could", "can", "should", "must", "might", "may"]);
/** Words before a name that say it is a person. */
const PERSON_BEFORE = new Set(["with", "by", "told", "asked", "thanked", "emailed", "rang", "phoned", "called", "met", "contacted", "invited", "helped", "introduced", "shadowed", "supported", "supervised", "mentored", "coached", "reassured", "dear", "hi", "hello", "thanks", "regards", "cc", "read", "about", "named"]);
/** People's roles and relations, which a name follows after a comma: "her cousin, Abdirahman," */
const ROLE = /^(?:manager|supervisor|mentor|assessor|tutor|colleague|chair|lead|leader|officer|worker|nurse|carer|tenant|client|resident|customer|patient|cousin|son|daughter|mother|mum|father|dad|husband|wife|partner|brother|sister|friend|neighbour|starter|apprentice|assistant|administrator|coordinator|director|owner|member|volunteer|trainee|learner|student|teacher|doctor|gp|senior|deputy|head|boss|contact|advisor|adviser|caseworker)s?$/;

/**
 * Finds what reads as a person's name: runs of capitalised words, judged with the
 * lexicon (first names, surnames, titles, places, organisations, nationalities, ordinary
 * English words) by the signs a reader goes by: a title before (Mrs Patel); a known first
 * name (Karen Hughes, Kwame); capitalised words that are not ordinary words (Adaeze
 * Nwosu); a citation (Gibbs, 1988); a verb after (Folake said); a role before ("our
 * supervisor, Bill"); a list with a name in it (Honey and Mumford); and a word found as a
 * name elsewhere in the same text. A run that ends in an organisation's or a place's word
 * (Sue Ryder Trust, Nelson Street), or stands where a place does (in Chester), is not a
 * person. About 20 times faster than compromise's own tagger (a full parse of every
 * sentence), which found half the names of the hand-marked corpus; see the README.
 */
export function findPersonNames(text: string, lexicon: NameLexicon): PersonName[] {
  const words = tokenize(text);
  const spans: Array<{ from: number; to: number; cited: boolean; strong?: boolean }> = [];
  const places = new Set<number>();
  /** Words of runs of several words judged not to be a person ("Head Cook", "Sue Ryder Trust"). */
  const notPeople = new Set<number>();
  const personWords = new Set<string>();
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (!word.capitalised || isAcronym(word)) { i++; continue; }
    const j = runEnd(words, i, text);
    const verdict = judge(words, i, j, text, lexicon);
    if (verdict === "place") for (let k = i; k < j; k++) places.add(k);
    else if (!verdict && j - i > 1) for (let k = i; k < j; k++) notPeople.add(k);
    else if (verdict) {
      spans.push({ from: verdict.from, to: verdict.to, cited: verdict.cited, strong: verdict.strong });
      for (let k = verdict.from; k < verdict.to; k++) if (!PARTICLES.has(words[k]!.lower)) personWords.add(words[k]!.bare.toLowerCase());
    }
    i = j;
  }
  // A list takes its kind from its members: "Honey and Mumford (1986)", "in Preston, Beverley and Morley".
  for (const [kind, seeds] of [["place", [...places]], ["person", spans.flatMap((s) => [s.from, s.to - 1])]] as const) {
    for (const seed of seeds) {
      for (const step of [-1, 1]) {
        for (let k = seed, next = listNeighbour(words, text, k, step); next !== undefined; k = next, next = listNeighbour(words, text, k, step)) {
          // A place's list takes back a lone word taken for a name on weak signs: "in Preston, Beverley and Morley".
          const weak = spans.findIndex((sp) => sp.from === next && sp.to === next + 1 && !sp.strong && !sp.cited);
          if (kind === "place" && weak !== -1) spans.splice(weak, 1);
          if (covered(spans, next) || places.has(next)) break;
          if (kind === "place") places.add(next);
          else if ((lexicon.firstNames.has(words[next]!.lower) || !ordinary(words[next]!, lexicon)) && !lexicon.honorifics.has(words[next]!.lower) && !lexicon.places.has(words[next]!.lower) && !lexicon.dates.has(words[next]!.lower) && !lexicon.organisations.has(words[next]!.lower)) {
            spans.push({ from: next, to: next + 1, cited: false });
            personWords.add(words[next]!.lower);
          } else break;
        }
      }
    }
  }
  // A word taken for a place in one sentence is that place in the others ("I moved to Chester. Chester is near").
  const placeWords = new Set([...places].map((k) => words[k]!.lower));
  for (let n = spans.length - 1; n >= 0; n--) {
    const span = spans[n]!;
    if (span.to - span.from === 1 && !span.strong && !span.cited && placeWords.has(words[span.from]!.lower)) {
      spans.splice(n, 1);
      places.add(span.from);
    }
  }
  for (const word of placeWords) personWords.delete(word);
  // A word found as part of a name is that name elsewhere in the text, even starting a sentence.
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    if (!word.capitalised || word.allCaps || !personWords.has(word.bare.toLowerCase()) || covered(spans, k) || places.has(k) || notPeople.has(k)) continue;
    const before = words[k - 1];
    if (before && !before.capitalised && PLACE_BEFORE.has(before.lower)) continue;
    if (lexicon.dates.has(word.lower) || lexicon.honorifics.has(word.lower)) continue;
    const next = adjacent(words, k, 1, text);
    if (attributive(adjacent(words, k, -1, text), next, word, lexicon) || (next && !next.capitalised && isOrgWord(next.lower, lexicon)) || /^ (?:\d|\p{Lu}\b)/u.test(text.slice(word.end, word.end + 3))) continue;
    if (word.initial && lexicon.isWord(word.bare.toLowerCase()) && !personAfter(words[k + 1], lexicon)) continue;
    spans.push({ from: k, to: k + 1, cited: false });
  }
  return spans
    .sort((a, b) => a.from - b.from)
    .map(({ from, to, cited }) => {
      const first = words[from]!;
      const last = words[to - 1]!;
      const end = last.bareEnd;
      return { index: first.index, length: end - first.index, text: text.slice(first.index, end), cited };
    });
}

/** The commonest short words of English, and of the other languages evidence comes in, by which a text's language shows. */
const ENGLISH = new Set(["the", "and", "of", "to", "in", "is", "for", "with", "on", "was", "that", "this", "are", "be", "by", "at", "from", "have", "has", "not", "but", "or", "it", "we", "our", "will", "an", "as", "were"]);
const OTHERS = new Set(["le", "la", "les", "des", "du", "et", "une", "est", "pour", "dans", "sur", "avec", "par", "au", "aux", "der", "die", "das", "und", "ist", "mit", "für", "von", "den", "zu", "ein", "eine", "auf", "nicht", "el", "los", "las", "del", "y", "en", "por", "con", "una", "il", "di", "che", "della", "per", "het", "een", "van", "op", "voor", "niet", "na", "się", "nie", "jest", "w", "z", "do", "o", "em", "com", "não", "um", "uma"]);

/**
 * Whether a text is written in English, as the detector's lexicon is: its common short
 * words are English ones more than those of French, German, Spanish, Italian, Dutch,
 * Polish or Portuguese. Names in a French list of places or a German price list cannot be
 * told from its capitalised nouns and labels. Text with none of these words counts as English.
 */
export function inEnglish(text: string, lexicon?: NameLexicon): boolean {
  void lexicon;
  let english = 0;
  let others = 0;
  for (const match of text.slice(0, 200_000).matchAll(/(?<![\p{L}])\p{Ll}{1,6}(?![\p{L}])/gu)) {
    if (ENGLISH.has(match[0])) english++;
    else if (OTHERS.has(match[0])) others++;
  }
  return english >= others;
}

/** Where a run of capitalised words (with particles between) ends: on one line, with only spaces between. */
function runEnd(words: readonly Word[], i: number, text: string): number {
  let j = i + 1;
  for (;;) {
    if (j >= words.length || !joined(text, words[j - 1]!, words[j]!)) return j;
    if (words[j]!.capitalised && !isAcronym(words[j]!)) { j++; continue; }
    // Particles count only when a capitalised word follows them: "van der Berg".
    let k = j;
    while (k < words.length && PARTICLES.has(words[k]!.lower) && joined(text, words[k - 1]!, words[k]!)) k++;
    if (k > j && k < words.length && words[k]!.capitalised && joined(text, words[k - 1]!, words[k]!)) { j = k + 1; continue; }
    return j;
  }
}

/**
 * Whether the run words[i..j) is a person's name (and which of its words are), a place,
 * or neither.
 */
function judge(words: readonly Word[], i: number, j: number, text: string, lexicon: NameLexicon): { from: number; to: number; cited: boolean; strong: boolean } | "place" | undefined {
  let from = i;
  if (attributive(adjacent(words, i, -1, text), adjacent(words, j - 1, 1, text), words[j - 1]!, lexicon)) return undefined;
  // A title starts the name after it: "Mrs Patel", "Cllr Jones".
  const titled = lexicon.honorifics.has(words[i]!.lower.replace(/\.$/, "")) && j > i + 1;
  if (titled) from = i + 1;
  // Words opening a sentence that are ordinary words ("Yesterday Karen", "Thanks Kwame").
  while (!titled && from < j - 1 && words[from]!.initial && ordinary(words[from]!, lexicon) && !lexicon.firstNames.has(words[from]!.lower)) from++;
  // Dates before a name ("By September Faith"), unless the date is the name ("May Chen", "June Abara").
  while (!titled && from < j - 1 && lexicon.dates.has(words[from]!.lower) && !lexicon.firstNames.has(words[from]!.lower)) from++;
  const name = words.slice(from, j);
  const before = adjacent(words, from, -1, text);
  const after = adjacent(words, j - 1, 1, text);
  const lowers = name.map((w) => w.bare.toLowerCase());
  const whole = lowers.join(" ");
  const last = lowers.at(-1)!;
  const firstKnown = lexicon.firstNames.has(lowers[0]!);
  const cited = citedAfter(text, name.at(-1)!) || citedAround(text, name[0]!, name.at(-1)!);
  // Strong: kept when the same word is a place elsewhere. "Chester is near" is not strong; "which Chester approved" is.
  const strongAfter = personAfter(after, lexicon) && !COPULAS.has(after!.lower);
  const yes = { from, to: j, cited, strong: titled || cited || name.length > 1 || strongAfter || personBefore(words, from, text) || roleAfter(text, name.at(-1)!) };
  // Places, organisations, nationalities and dates, whole or by their last word, are not people.
  if (/^(?:st|saint|mount|port|fort|lake|upper|lower|north|south|east|west|new|old|great|little)$/.test(lowers[0]!) && name.length > 1 && !titled) return "place";
  // A known place is one unless a person is plainly meant: "One resident, Florence, is ninety-four".
  if (lexicon.places.has(whole) && !(name.length === 1 && (personBefore(words, from, text) || (!placeBefore(before) && personAfter(after, lexicon))))) return "place";
  if (lexicon.nationalities.has(whole)) return "place";
  if (lexicon.organisations.has(whole) || (lexicon.dates.has(whole) && !titled)) return undefined;
  if (lexicon.places.has(whole) || lexicon.nationalities.has(whole)) return "place";
  if (name.length > 1 && !titled && name.slice(1).some((w) => lexicon.dates.has(w.lower))) return undefined;
  // "Stanley Court", "Hollybank Residential Home"; but "Karen Hall said", "I met Sarah Hill".
  // Where a person's name stands: after a label ("Learner:", "Signed:"), an initial ("D. Brown"), before a sign-off's end, an age ("Amara (10 months)").
  const context = contextCue(text, name[0]!, name.at(-1)!);
  const cue = context || personAfter(after, lexicon) || personBefore(words, from, text) || roleAfter(text, name.at(-1)!);
  // "Ward 12", "Bay C", "Ref 20441": a name of a place or a thing with its number.
  if (!titled && !context && /^ (?:\d|\p{Lu}\b)/u.test(text.slice(name.at(-1)!.end, name.at(-1)!.end + 3))) return undefined;
  if (name.length > 1 && isOrgWord(last, lexicon) && !(firstKnown && lexicon.lastNames.has(last) && cue && !placeBefore(before))) return undefined;
  // An address: "Contact Centre, Lincoln", "Head Office, Milton Keynes".
  const previous = words[from - 1];
  if (previous?.capitalised && isOrgWord(previous.lower, lexicon) && /^,[ \t]*$/.test(text.slice(previous.end, name[0]!.index))) return "place";
  if (name.length === 1 && EPONYMS.has(lowers[0]!) && name[0]!.possessive) return undefined;
  // Next to an organisation's word: "Marks & Spencer", "Sue Ryder charity shop", "Clare's Law", "Parkinson's disease".
  if (text.slice(name.at(-1)!.end, name.at(-1)!.end + 3).trim() === "&" || text.slice(Math.max(0, name[0]!.index - 3), name[0]!.index).trim() === "&") return undefined;
  // "Kolb's cycle", "Tuckman's model": an author's; "Sainsbury's store", "Clare's Law", "Sue Ryder charity": things.
  const owned = name.at(-1)!.possessive && after !== undefined && !after.capitalised && THEORY.test(after.lower);
  if (after && !owned && isOrgWord(after.lower, lexicon) && (!after.capitalised || name.at(-1)!.possessive)) return "place";
  if (name.length === 1 && lexicon.honorifics.has(lowers[0]!)) return undefined;
  if (titled || cited) return yes;
  // In a name's place, a run with a name-like word in it is a name ("Learner: Rich Baker"), not a role ("Witness: ..., Shift Manager").
  const nameish = name.some((w) => lexicon.firstNames.has(w.lower) || lexicon.lastNames.has(w.lower) || !ordinary(w, lexicon));
  if (context && nameish && name.length <= 4 && !name.every((w) => w.allCaps && w.bare.length <= 4)) return { ...yes, strong: true };
  if (placeBefore(before, words, from) && !possessiveOf(name.at(-1)!, after, text, lexicon) && (!firstKnown || name.length === 1)) return "place";
  const unknown = name.filter((w) => !ordinary(w, lexicon) && !lexicon.places.has(w.bare.toLowerCase()) && !lexicon.organisations.has(w.bare.toLowerCase()));
  if (name.length >= 2) {
    // "Karen Hughes", "Adaeze Nwosu", "Rose Baker"; not "Information Sharing Guidelines".
    if (name.every((w) => w.allCaps)) return firstKnown || unknown.length === name.length ? yes : undefined;
    // Every word after the first is a name, or no ordinary word; an ordinary word ends a
    // known first name only as a surname does ("Craig Baker", not "Otis Lifts", "Summer
    // Reading Challenge", "Brightwell Cleaning").
    const rest = name.slice(1).filter((w) => !PARTICLES.has(w.lower));
    const nameLike = (w: Word) => !ordinary(w, lexicon) || lexicon.lastNames.has(w.lower) || lexicon.firstNames.has(w.lower) || /^\p{Lu}[\p{L}'’]*(?:-\p{Lu}[\p{L}'’]*)+$/u.test(w.bare);
    const firstIsName = firstKnown || !ordinary(name[0]!, lexicon);
    const surnameLike = (w: Word, k: number) => k === rest.length - 1 && rest.length === 1 && firstIsName && !/(?:ing|ness|tion|ment|ship|ity|[^s]s)$/.test(w.lower);
    if (!rest.every((w, k) => nameLike(w) || surnameLike(w, k))) return undefined;
    if (firstKnown || unknown.length >= 1 || lexicon.lastNames.has(last)) return yes;
    return undefined;
  }
  // One word.
  const word = name[0]!;
  const lower = lowers[0]!;
  if (word.allCaps) return undefined;
  if (fromTo(words, from, text)) return "place";
  const isOrdinary = ordinary(word, lexicon);
  // "the Summer": a name seldom takes "the".
  if (before?.lower === "the" && isOrdinary) return undefined;
  const personish = (cue && (context ? !isOrdinary || firstKnown : true)) || (firstKnown && actionOwner(text, word));
  if (firstKnown && (!isOrdinary || !word.initial || personish)) return yes;
  if (lexicon.places.has(lower) || lexicon.organisations.has(lower)) return undefined;
  // A word that is no ordinary word: a surname, or a name where a person stands, or an author ("Kolb's cycle").
  if (!isOrdinary && (lexicon.lastNames.has(lower) || personish || (word.possessive && after && !after.capitalised) || !word.initial)) return yes;
  return undefined;
}

/** The word next to word k (before it, or after it), when only spaces or a comma-free gap of spaces are between. */
function adjacent(words: readonly Word[], k: number, step: number, text: string): Word | undefined {
  const other = words[k + step];
  if (!other) return undefined;
  const between = step < 0 ? text.slice(other.end, words[k]!.index) : text.slice(words[k]!.end, other.index);
  return /^[ \t\u00a0]+$/.test(between) ? other : undefined;
}

/** "from Chester to Wrexham": both places. */
function fromTo(words: readonly Word[], at: number, text: string): boolean {
  const [before, after, next] = [words[at - 1], words[at + 1], words[at + 2]];
  if (before?.lower === "from" && after?.lower === "to" && next?.capitalised && joined(text, words[at]!, after) && joined(text, after, next)) return true;
  const [from, earlier] = [words[at - 2], words[at - 1]];
  return earlier?.lower === "to" && from?.capitalised === true && words[at - 3]?.lower === "from" && joined(text, from, earlier) && joined(text, earlier, words[at]!);
}

const FUNCTION_WORDS = new Set(["when", "while", "in", "on", "at", "for", "with", "to", "from", "and", "or", "but", "so", "as", "because", "if", "until", "before", "after", "where", "which", "that", "the", "a", "an", "i", "we", "he", "she", "they", "it"]);

/** "In Kolb's terms": a possessive that owns the word after it (not "at Sainsbury's in Reading", "at McDonald's when"). */
function possessiveOf(word: Word, after: Word | undefined, text: string, lexicon: NameLexicon): boolean {
  return word.possessive && after !== undefined && !after.capitalised && !FUNCTION_WORDS.has(after.lower) && joined(text, word, after, true) && lexicon.isWord(after.lower);
}

function placeBefore(before: Word | undefined, words?: readonly Word[], at?: number): boolean {
  if (before === undefined || (before.capitalised && !before.initial)) return false;
  if (PLACE_BEFORE.has(before.lower)) return true;
  // "moved to Chester", "travelled from Derby": a journey's ends are places.
  const verb = words && at !== undefined ? words[at - 2] : undefined;
  return (before.lower === "to" || before.lower === "into" || before.lower === "from") && verb !== undefined && MOTION.test(verb.lower);
}

const MOTION = /^(?:moved?|moving|went|go(?:es|ing)?|gone|travel+(?:ed|ing|s)?|drove|drive|driving|came|come|coming|relocated?|emigrated?|commuted?|flew|fly|walked|returned|headed|journey|route|train|bus)$/;
/** What an author's name owns: "Kolb's cycle", "Maslow's hierarchy", "Tuckman's stages". */
const THEORY = /^(?:model|models|cycle|theory|theories|framework|method|approach|hierarchy|stages?|scale|test|ideas?|terms|work|book|concept|principles?|styles?|roles|questionnaire|typology|pyramid|curve|matrix|triangle|ladder|wheel)$/;

const COPULAS = new Set(["is", "was", "are", "were", "be", "been", "has", "had", "have"]);
const DETERMINERS = new Set(["the", "a", "an", "this", "that", "these", "those", "our", "their", "his", "her", "my", "your", "its", "every", "each"]);
const POSSESSIVE_DETERMINERS = new Set(["our", "their", "his", "her", "my", "your", "its"]);
/** Conditions named after a person, common in care work: "her Parkinson's medication", "has Alzheimer's". */
const EPONYMS = new Set(["alzheimer", "parkinson", "crohn", "huntington", "asperger", "tourette", "hodgkin", "raynaud", "addison", "down"]);

function isOrgWord(word: string, lexicon: NameLexicon): boolean {
  return lexicon.orgWords.has(word) || lexicon.placeWords.has(word) || (word.endsWith("s") && lexicon.orgWords.has(word.slice(0, -1)));
}

/** A name used as a modifier names a thing: "the Christmas period", "a Henry hoover", "the Windrush generation". */
function attributive(before: Word | undefined, after: Word | undefined, last: Word, lexicon: NameLexicon): boolean {
  if (!before || !DETERMINERS.has(before.lower) || before.capitalised || !after || after.capitalised || personAfter(after, lexicon) || !lexicon.isWord(after.lower)) return false;
  return !last.possessive || POSSESSIVE_DETERMINERS.has(before.lower);
}

function personAfter(after: Word | undefined, lexicon: NameLexicon): boolean {
  return after !== undefined && !after.capitalised && (PERSON_AFTER.has(after.lower) || lexicon.verbs.has(after.lower) || (/[^e]ed$|ied$/.test(after.lower) && lexicon.isWord(after.lower)));
}

const LABEL = /(?:^|[|\n])[ \t*_>-]*(?:[\p{L} ]{0,24}\s)?(?:learner|assessor|iqa|signed|signature|attendees|attending|in attendance|present|apologies|from|to|cc|bcc|chair|chaired by|coordinator|witness|tutor|manager|observer|observed by|author|name|reviewer|supervisor|mentor|owner|candidate|employee|key ?worker|carer|contact|minutes|taken by|prepared by|completed by|checked by|approved by|signed by|written by|with|by|who|lead|leader)\s*:[ \t]*(?:[^:\n]*,[ \t]*)?$/iu;
const SIGN_OFF = /(?:thanks|thank you|many thanks|cheers|regards|kind regards|best wishes|best|warm wishes|love|speak soon|take care|have a (?:good|great|nice|lovely) \p{L}+)[,.!]?[ \t]*\n?[ \t]*$/iu;

/** A name's place in a document: after a label or an initial, in a sign-off, before an age. */
function contextCue(text: string, first: Word, last: Word): boolean {
  const before = text.slice(Math.max(0, first.index - 120), first.index);
  const after = text.slice(last.end, last.end + 24);
  if (LABEL.test(before)) return true;
  if (/(?:^|[\s(])\p{Lu}\.[ ]?$/u.test(before)) return true;
  if (SIGN_OFF.test(before) && /^[ \t]*(?:[\n|]|$)/.test(after)) return true;
  if (/^[ \t]*\(\s*\d+\s*(?:years?|yrs?|months?|mths?|weeks?|y|m)\b/i.test(after)) return true;
  // An appositive: ", Joy, is 89".
  return /,[ \t]*$/.test(before) && /^,[ \t]+(?:is|was|has|had|who|whose|aged)\b/.test(after);
}

/** Minutes' actions: "Dawn to contact GP". */
function actionOwner(text: string, last: Word): boolean {
  return /^ to \p{Ll}+/u.test(text.slice(last.end, last.end + 20)) && !/^ to (?:the|a|an|and|be|our|their|his|her)\b/.test(text.slice(last.end, last.end + 12));
}

/** "Dawn, the night senior, told me", "Sydney, who moved in": a name followed by the person's role, or by who. */
function roleAfter(text: string, last: Word): boolean {
  if (/^,\s+(?:who|whom|whose)\b/.test(text.slice(last.end, last.end + 8))) return true;
  const rest = /^,\s+(?:the|our|my|a|an|his|her|their)\s+(?:[\p{L}-]+\s+){0,2}?([\p{L}-]+)/u.exec(text.slice(last.end, last.end + 60));
  return rest !== null && ROLE.test(rest[1]!.toLowerCase());
}

/** "with Kwabena", "our supervisor, Bill" */
function personBefore(words: readonly Word[], at: number, text: string): boolean {
  const before = words[at - 1];
  if (!before || before.capitalised) return false;
  if (PERSON_BEFORE.has(before.lower) && joined(text, before, words[at]!, true)) return true;
  return ROLE.test(before.lower) && /^,\s*$/.test(text.slice(before.end, words[at]!.index));
}

/** The next capitalised word in a list (", X", " and X", ", and X", " or X") from word k in the given direction. */
function listNeighbour(words: readonly Word[], text: string, k: number, step: number): number | undefined {
  let next = k + step;
  const conjunction = words[next] !== undefined && (words[next]!.lower === "and" || words[next]!.lower === "or") && !words[next]!.capitalised;
  if (conjunction) next += step;
  const word = words[next];
  if (!word || !word.capitalised || word.allCaps !== words[k]!.allCaps) return undefined;
  const [a, b] = step > 0 ? [words[k]!, word] : [word, words[k]!];
  const between = text.slice(a.end, b.index);
  return (conjunction ? /^,?[ \t]+(?:and|or)[ \t]+$/ : /^,[ \t]*$/).test(between) ? next : undefined;
}

function covered(spans: ReadonlyArray<{ from: number; to: number }>, k: number): boolean {
  return spans.some((s) => s.from <= k && k < s.to);
}

/** `Gibbs (1988)`, `Gibbs' (1988)`, `Rolfe et al.` */
function citedAfter(text: string, last: Word): boolean {
  return /^['’]?s?\s*(?:\(\s*(?:19|20)\d\d[a-z]?\b|et al\b|,\s*(?:19|20)\d\d\b)/.test(text.slice(last.end, last.end + 16));
}

/** `(Kolb, 1984)`, `(Honey and Mumford, 1986)`. */
function citedAround(text: string, first: Word, last: Word): boolean {
  return /\(\s*(?:[\p{L}'’-]+\s+(?:and|&)\s+)?$/u.test(text.slice(Math.max(0, first.index - 40), first.index)) && /^\s*(?:et al\.?)?,?\s*(?:19|20)\d\d/.test(text.slice(last.end, last.end + 14));
}

function ordinary(word: Word, lexicon: NameLexicon): boolean {
  const lower = word.bare.toLowerCase();
  return lexicon.isWord(lower) || (lower.includes("-") && lower.split("-").every((part) => lexicon.isWord(part)));
}

/** NHS, GDPR, KPI, GPs: short capitals, capitals with digits; and names of products written in camel case (OneDrive, MyConcern). */
function isAcronym(word: Word): boolean {
  if (/^\p{Lu}{2,}s$/u.test(word.bare) || /^\p{Lu}{2,}\p{Ll}/u.test(word.bare) || /\.\p{L}/u.test(word.bare)) return true;
  if (/^\p{Lu}\p{Ll}+\p{Lu}/u.test(word.bare) && !/^(?:Mc|Mac|Fitz|De|Di|Da|Le|La|Van|Von|O')/.test(word.bare)) return true;
  return word.allCaps && (word.bare.length <= 4 || /\d/.test(word.text));
}

/** Two words are in one run when one space is between them (a tab or several spaces part a table's columns), and no possessive ends the first. */
function joined(text: string, a: Word, b: Word, evenPossessive = false): boolean {
  return b.index - a.end === 1 && (text[a.end] === " " || text[a.end] === "\u00a0") && (evenPossessive || !a.possessive);
}

/** Whether a word starts a sentence, a line, a list item, a cell or a quotation. */
function isInitial(text: string, index: number): boolean {
  let k = index - 1;
  while (k >= 0 && /[ \t\u00a0"“‘'(\[]/.test(text[k]!)) k--;
  if (k < 0) return true;
  const c = text[k]!;
  if (c === "\n" || /[.!?:;•*>#|]/.test(c)) return true;
  if (c === "-" || c === "–" || c === "+") return text.slice(text.lastIndexOf("\n", k) + 1, k).trim() === "";
  return false;
}

function tokenize(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    let raw = match[0];
    if (raw.endsWith(".")) raw = raw.replace(/\.+$/, "");
    const index = match.index;
    const first = raw.charCodeAt(0);
    // Most words start in lower case: they need no more than their text.
    if (first >= 97 && first <= 122) {
      const possessive = raw.length > 2 && /['’]s?$/.test(raw);
      const bare = possessive ? raw.replace(/['’]s?$/, "") : raw;
      words.push({ text: raw, bare, lower: bare, index, end: index + raw.length, bareEnd: index + bare.length, capitalised: false, allCaps: false, possessive, initial: false });
      continue;
    }
    const possessive = /['’]s?$/.test(raw) && raw.length > 2;
    const rawBare = possessive ? raw.replace(/['’]s?$/, "") : raw;
    const bare = rawBare.replace(INVISIBLE, "");
    const letters = bare.replace(/[^\p{L}]/gu, "");
    // "I", "I've", lone initials and contractions are not names to judge.
    const capitalised = /^\p{Lu}/u.test(bare) && letters.length > 1 && !/['’](?:ve|d|m|ll|re|t)$/i.test(raw);
    const allCaps = capitalised && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
    words.push({ text: raw, bare, lower: bare.toLowerCase(), index, end: index + raw.length, bareEnd: index + rawBare.length, capitalised, allCaps, possessive, initial: capitalised && isInitial(text, index) });
  }
  return words;
}
