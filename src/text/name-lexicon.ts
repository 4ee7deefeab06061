import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isEnglishWord } from "./english-words.ts";
import { cacheDir } from "../cache-dir.ts";
import { packageFile } from "../package-root.ts";
import { replaceFile } from "../interrupt.ts";

/**
 * What the person-name detector knows of words, from well-kept sources rather than lists
 * of our own: compromise's lexicon (first names, surnames, honorifics, places,
 * organisations, nationalities, months, and the words that end organisation and place
 * names); the first names and surnames of Faker's 60-odd locales (Yoruba, Akan, Welsh,
 * Polish, Vietnamese, Hindi ... in Latin script), which compromise's mostly American
 * names lack; and word-list (some 274,000 ordinary English words from SCOWL, in lower
 * case, inflections included, proper nouns not), which says whether a capitalised word
 * is an ordinary word.
 */
export interface NameLexicon {
  /** Lower-case first names, surnames and honorifics. */
  firstNames: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
  honorifics: ReadonlySet<string>;
  /** Lower-case names of places and organisations (some of several words), nationalities, months and days. */
  places: ReadonlySet<string>;
  organisations: ReadonlySet<string>;
  nationalities: ReadonlySet<string>;
  dates: ReadonlySet<string>;
  /** Words that end a place's or an organisation's name: "council", "trust", "street". */
  placeWords: ReadonlySet<string>;
  orgWords: ReadonlySet<string>;
  /** Verbs in the past and present tense, which follow a person's name as its subject. */
  verbs: ReadonlySet<string>;
  /** Whether a lower-case word is an ordinary English word. */
  isWord(word: string): boolean;
}

const require = createRequire(import.meta.url);

/** British titles and the words that end names of places and organisations in British workplaces, which compromise's lists lack. */
const MORE_HONORIFICS = ["cllr", "councillor", "miss", "dame", "lady", "lord", "revd", "rev", "pc", "dc", "sgt", "mx", "prof", "professor"];
const MORE_ORG_WORDS = ["trust", "council", "partnership", "forum", "network", "society", "foundation", "charity", "ltd", "limited", "plc", "llp", "cic", "surgery", "practice", "hospital", "hospice", "ambulance", "service", "services", "team", "unit", "ward", "project", "programme", "scheme", "fund", "appeal", "law", "rule", "act", "regulations", "award", "awards", "day", "week", "cup", "prize", "method", "model", "cycle", "theory", "framework", "syndrome", "disease", "tower", "centre", "estate", "street", "road", "lane", "avenue", "drive", "crescent", "terrace", "gardens", "square", "station", "airport", "library", "museum", "gallery", "theatre", "stadium", "arena", "market", "bridge", "campus", "school", "college", "university", "academy", "nursery", "church", "chapel", "mosque", "temple", "gurdwara", "synagogue", "cathedral", "abbey", "group", "association", "federation", "alliance", "union", "board", "committee", "panel", "commission", "institute", "agency", "authority", "department", "office", "bank", "homes", "housing", "health", "advice", "solutions", "consulting", "trustees", "shop", "store", "stores", "café", "cafe", "restaurant", "hotel", "pharmacy", "clinic", "centre", "wing", "building", "house", "home", "court", "hall", "lodge", "mews", "support", "lifts", "systems", "room", "floor", "suite", "block"];

/** Languages and peoples spoken of in British workplaces that compromise does not list. */
const MORE_NATIONALITIES = ["tamil", "caribbean", "somali", "arabic", "urdu", "punjabi", "bengali", "gujarati", "hindi", "yoruba", "igbo", "twi", "amharic", "tigrinya", "kurdish", "farsi", "pashto", "romanian", "lithuanian", "latvian", "bulgarian", "slovak", "czech", "ukrainian", "russian", "portuguese", "cantonese", "mandarin", "vietnamese", "tagalog", "gaelic", "welsh", "cornish", "scots", "bsl", "makaton", "roma", "traveller"];

/** Days as they are shortened, and festivals that name a time of year. */
const DAYS_AND_FESTIVALS = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "christmas", "easter", "eid", "diwali", "ramadan", "hanukkah", "passover", "vaisakhi", "hogmanay", "whitsun", "advent", "lent"];
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** Bumped when what is kept changes, so an older cache file is made again. */
const FORMAT = 6;

interface Stored {
  firstNames: string[];
  lastNames: string[];
  honorifics: string[];
  places: string[];
  organisations: string[];
  nationalities: string[];
  dates: string[];
  placeWords: string[];
  orgWords: string[];
  verbs: string[];
}

let loaded: Promise<NameLexicon> | undefined;

/**
 * The lexicon, made once from compromise and Faker (some 0.4 s: compromise unpacks its
 * lexicon, Faker loads every locale) and kept in the cache folder by their versions, so
 * later runs read one small file.
 */
export function nameLexicon(): Promise<NameLexicon> {
  loaded ??= (async () => {
    const file = join(cacheDir(), `names-${version()}.json`);
    // Kept even when the lint's cache is off: it is made from the installed packages, never from a workspace.
    let stored = await readFile(file, "utf8").then((text) => JSON.parse(text) as Stored, () => undefined);
    if (!stored?.firstNames) {
      stored = await make();
      await mkdir(dirname(file), { recursive: true, mode: 0o700 }).then(() => replaceFile(file, JSON.stringify(stored)), () => {});
    }
    const sets = Object.fromEntries(Object.entries(stored).map(([key, list]) => [key, new Set(list)])) as unknown as Omit<NameLexicon, "isWord">;
    return { ...sets, isWord: isEnglishWord };
  })();
  return loaded;
}

/** The lexicon's sources by their pinned versions (in package.json), and what is added to them here. */
function version(): string {
  const { dependencies } = JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { dependencies: Record<string, string> };
  return createHash("sha256").update(`${FORMAT} ${dependencies.compromise} ${dependencies["@faker-js/faker"]} ${MORE_HONORIFICS.join()} ${MORE_ORG_WORDS.join()}`).digest("hex").slice(0, 16);
}

async function make(): Promise<Stored> {
  const nlp = require("compromise/two") as { model(): { one: { lexicon: Record<string, string | string[]> }; two: { orgWords: Record<string, unknown>; placeWords: Record<string, unknown> } } };
  const model = nlp.model();
  const sets = {
    firstNames: new Set<string>(), lastNames: new Set<string>(), honorifics: new Set<string>(MORE_HONORIFICS), places: new Set<string>(),
    organisations: new Set<string>(), nationalities: new Set<string>(), dates: new Set<string>(), verbs: new Set<string>(),
  };
  const TAGS: Record<string, keyof typeof sets> = {
    FirstName: "firstNames", MaleName: "firstNames", FemaleName: "firstNames", LastName: "lastNames", Honorific: "honorifics",
    City: "places", Place: "places", Country: "places", Region: "places", Organization: "organisations", SportsTeam: "organisations",
    Demonym: "nationalities", Month: "dates", WeekDay: "dates", PastTense: "verbs", PresentTense: "verbs",
  };
  for (const [word, tags] of Object.entries(model.one.lexicon)) for (const tag of [tags].flat()) if (TAGS[tag]) sets[TAGS[tag]].add(word);
  // compromise files "may" under modal verbs, not months; a month's name is a date first.
  for (const month of MONTHS) sets.dates.add(month);
  for (const day of DAYS_AND_FESTIVALS) sets.dates.add(day);
  for (const people of MORE_NATIONALITIES) sets.nationalities.add(people);
  // Faker's names, in Latin script (a name in another script is not written in an English portfolio).
  const { allLocales } = await import("@faker-js/faker");
  const latin = /^[\p{Script=Latin}'’ -]+$/u;
  const add = (set: Set<string>, value: unknown) => {
    for (const name of [value ?? []].flat().flatMap((v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.values(v).flat() : [v]))) {
      if (typeof name === "string" && latin.test(name) && !name.includes(" ")) set.add(name.toLowerCase());
    }
  };
  const fakerFirst = new Set<string>();
  for (const locale of Object.values(allLocales) as Array<{ person?: { first_name?: unknown; last_name?: unknown } }>) {
    add(fakerFirst, locale.person?.first_name);
    add(sets.lastNames, locale.person?.last_name);
  }
  // Faker's American lists name children London and Easter: what compromise knows as a place, a date or a nationality is not taken as a first name from them.
  for (const name of fakerFirst) if (!sets.places.has(name) && !sets.dates.has(name) && !sets.nationalities.has(name) && !sets.organisations.has(name)) sets.firstNames.add(name);
  return {
    ...Object.fromEntries(Object.entries(sets).map(([key, set]) => [key, [...set].sort()])),
    placeWords: Object.keys(model.two.placeWords).sort(),
    orgWords: [...new Set([...Object.keys(model.two.orgWords), ...MORE_ORG_WORDS])].sort(),
  } as Stored;
}

/**
 * Binary search of a sorted list of lines held as one string: no array of 274,000
 * strings is made (reading is 7 ms, a Set of them 110 ms). The list has two pairs of
 * neighbours out of order (manlily, sharrows), which this can miss; nothing else.
 */
