/**
 * Names as practitioners type them, made comparable: normalising, given-name short forms and
 * variants, string similarity (Jaro-Winkler and an optimal-string-alignment edit distance) and a
 * phonetic key. Pure functions with no database, so that search, duplicate checks and the matching
 * benchmark all use the same rules.
 */

// ---------------------------------------------------------------------------------------------
// Normalising
// ---------------------------------------------------------------------------------------------

/** Letters that Unicode decomposition leaves whole. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŀ: 'l',
};

/**
 * Lower case, accents stripped ("Wójcik" → "wojcik", "Łukasz" → "lukasz"), apostrophes removed
 * ("O'Brien" and "OBrien" → "obrien"), dashes made hyphens with no spaces around them
 * ("Smith - Jones" → "smith-jones"), other punctuation and digits made spaces, spaces collapsed.
 * Letters of other scripts are kept. "O Brien" keeps its space here; compare with
 * {@link compactName}, which drops spaces and hyphens, when spacing should not matter.
 */
export function normaliseName(s: string): string {
  const text = String(s ?? '');
  let normalised = normalisedCache.get(text);
  if (normalised === undefined) {
    if (normalisedCache.size >= NORMALISED_CACHE_SIZE) normalisedCache.clear();
    normalised = normalise(text);
    normalisedCache.set(text, normalised);
  }
  return normalised;
}

/** Matching compares the same few thousand names over and over; remembering them saves most of the work. */
const NORMALISED_CACHE_SIZE = 50_000;
const normalisedCache = new Map<string, string>();

function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łøæœßđðþıħŀ]/gu, (c) => SPECIAL_LETTERS[c] ?? c)
    .replace(/['’‘`´ʼʻ]/gu, '')
    .replace(/[\u2010-\u2015\u2212-]/gu, '-')
    .replace(/[^\p{L}\s-]/gu, ' ')
    .replace(/\s*-[\s-]*/gu, '-')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s-]+|[\s-]+$/gu, '');
}

/** {@link normaliseName} without spaces or hyphens: "O Brien", "O'Brien" and "OBrien" are all "obrien". */
export function compactName(s: string): string {
  return normaliseName(s).replace(/[\s-]/g, '');
}

/** Short words that begin family names and may be written apart or joined ("De Souza", "Van Dijk", "O Brien"). */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'o',
  'd',
  'de',
  'da',
  'das',
  'dos',
  'di',
  'du',
  'del',
  'della',
  'van',
  'von',
  'der',
  'den',
  'le',
  'la',
  'al',
  'el',
  'bin',
  'ibn',
  'st',
]);

/**
 * The words of a name, split at spaces and hyphens, without particles ("de", "van", "o"):
 * "Smith-Jones" → ["smith", "jones"], "De Souza" → ["souza"]. A name made only of particles keeps them.
 */
export function nameParts(s: string): string[] {
  const parts = normaliseName(s)
    .split(/[\s-]+/)
    .filter((part) => part.length > 0);
  const meaningful = parts.filter((part) => !NAME_PARTICLES.has(part));
  return meaningful.length > 0 ? meaningful : parts;
}

// ---------------------------------------------------------------------------------------------
// Given-name short forms and variants
// ---------------------------------------------------------------------------------------------

/**
 * One group a line: the full forms and other spellings (the first is the group's canonical key),
 * then after "|" the short forms and pet names. A name may sit in several groups ("Alex" in
 * Alexander, Alexandra and Alexis; "Sam" in Samuel and Samantha). Includes the spellings and
 * equivalents common among families in Cambridgeshire and Peterborough: South Asian, Arabic,
 * Polish, Lithuanian, Romanian and Portuguese forms. Only names that really are used for one
 * another belong together; names that merely look alike are left to the spelling and phonetic checks.
 */
const GIVEN_NAME_TABLE = `
abigail abigayle | abi abby abbie abbey gail
abraham | abe
abdullah abdallah |
adam adem |
afonso alfonso alphonse |
agnieszka agnes | aga
ahmed ahmad ahmet ahmud |
aidan aiden ayden aden |
aisha ayesha aysha aishah ayeesha aiesha |
alan allan allen alun | al
albert | al bert bertie albie
aleena alina |
alexander alexandre alexandr aleksander aleksandr alexandru oleksandr alessandro alejandro | alex alec alek alix sasha sacha sandy xander lex olek sandro
alexandra aleksandra alexandria alessandra | alex alexa alix lexi lexie lexy sasha sacha sandra sandy ola ala zandra
alexis | alex lexi lexie
alfred | alfie alf fred freddie freddy
alice alicja alicia alys | ali allie ally ala
amelia | millie milly mia
amir ameer emir |
amira ameera |
andrew andreas andrzej andrei andre andres | andy drew andi
angela angelika angelica | angie
anne ann anna ana | annie ania anka nan nancy
anthony antony antonio antoni anton antoine | tony ant antek
antonia | toni
anaya anaaya |
archibald | archie
aria arya |
arthur artur | art artie
ashley ashleigh | ash
ayaan ayan |
ayla aila eila |
beatrice beatriz beatrix beatrycze | bea bee trixie
benedict | ben benny
benjamin | ben benji benny
bradley | brad
callum calum | cal
cameron kameron | cam
camilla camila kamila | millie milly cam
caroline carolyn carol carole karolina carolina | caz carrie caro
charles karol carlos | charlie charley chas chaz chuck
charlotte | charlie charley lottie lotte lotty char
chloe khloe |
christian kristian krystian | chris
christina christine kristina kristine krystyna cristina | chris chrissie chrissy tina
christopher kristopher krzysztof cristopher | chris kris kit topher krzys
connor conor | con
daniel daniele danyal daniyal | dan danny dani
danielle daniella daniela | dani danni
darius dariusz | darek
david dawid dafydd | dave davie davey dai
deborah debra debora | deb debbie debs
dominic dominik dominick | dom
donald | don donnie
dorothy | dot dotty dolly dora
edmund | ed eddie ned
edward eduardo edouard | ed eddie eddy ted teddy ned
eleanor elinor eleanore elenor leonor | ellie elly elli nell nellie nora
elena helena | ellie lena
elijah | eli
elizabeth elisabeth elzbieta elisabetta | liz lizzie lizzy beth bess bessie betty eliza elsie libby ela
ellen | ellie nell nellie
elliot elliott eliot | eli
emily emilia emilie emilija | em emmy millie milly
emma | em emmy
emmanuel immanuel emanuel | manny
esme esmee |
esther estera | essie
evan ewan euan |
eve eva ewa | evie
evelyn eveline evelina | evie eve
fatima fatimah fatma |
finley finlay findlay | finn
florence | flo flossie florrie
frances francesca | fran frankie
francis francisco franciszek francesco francois | frank frankie franek
frederick frederic fredrick friedrich | fred freddie freddy
freya freja |
gabriel gabriele | gabe gabi
gabriella gabriela gabrielle | gabby gabi
gary garry | gaz
gemma jemma | gem
george jerzy jorge georgios | georgie geordie
georgia georgina | georgie gina
gerald gerard | gerry ged
gregory grzegorz | greg grzesiek
hafsa hafsah |
hamza hamzah |
hannah hanna |
harold | harry hal
harpreet harprit |
harriet | hattie
harrison | harry
hassan hasan |
hayley haley hailey |
helen helena | nell nellie lena
henry henryk henrik enrique | harry hal hank
holly hollie |
hussain hussein husain hosain husayn |
ian iain |
ibrahim ebrahim ibraheem |
imran emran |
inaaya inaya |
ines inez |
isaac izaak isaak ishaq | ike
isabel isabelle isabella isobel isabell izabela izabella | izzy izzie issy isa bella belle
isla islay |
ismail ismael esmail |
ivan | vanya
jacqueline jaclyn | jackie jacqui jacky
jackson | jack
jacob jakob jakub yakub yaqub yaqoob | jake jakey kuba jay
james jaime seamus hamish | jim jimmy jimbo jamie jem jay
jasmine jasmin yasmin yasmine jazmine jazmin yasmeen | jas jaz jazz
jason | jay
jayden jaden jaiden jaydon | jay
jeffrey geoffrey | jeff geoff
jennifer | jen jenny jenni
jeremy jeremiah | jerry jez
jessica | jess jessie jessi
john jan jonas juan joao giovanni ioan ion | jack johnny jonny jonnie jon
jonathan jonathon johnathan | jon jonny jonty
joanne joanna johanna joan ioana | jo jojo asia
joseph josef jozef giuseppe jose | joe joey
josephine jozefina | jo josie
joshua | josh
julia julie giulia yulia | jules
juliet juliette julieta | jules
justyna justine justina |
kacper casper |
katherine catherine kathryn katharine catharine kathrine katarzyna catarina | kate katie katy kathy cathy kat cat cath kath kitty kay kasia
kathleen | kath kathy kay
kayleigh kayley kaylee kaley kailey | kay
keira kiera |
kelly kelli kellie |
kenneth | ken kenny
kevin | kev
khadija khadijah khadeeja |
kieran kieron ciaran |
kirsty kirstie kirsten |
laura | laurie
lauren loren | laurie
layla leila laila leyla |
leah lea |
leanne lianne |
lee leigh |
leon | leo
leonard leonardo | leo len lenny
leopold | leo
lily lilly lillie lili lilian lillian liliana | lil
louis lewis luis luigi ludwik | lou
louise louisa | lou lulu
lucas lukas luca luka |
lucinda | cindy lucy
lucy lucia lucie lucja | luce
luke lukasz |
madeleine madeline madelyn magdalena magdalene | maddie maddy magda
madison madisyn | maddie maddy
maja maya mya maia |
margaret margarita marguerite malgorzata | maggie meg peggy peg madge marge margie greta gosia margot
mariana marianne marianna |
mark marc marek marko |
martin marcin | marty
mary maria marie | molly polly mae may maisie
maryam mariam miriam meryem |
matilda mathilda matylda | tilly tillie mattie tilda
matthew mathew matthias mateusz mateus mateo matteo | matt matty
maximilian maximillian maksymilian maximus | max maxi
maxwell | max
megan meghan meagan | meg meggie
michael michal mikael mikhail mihai michele miguel | mike mikey mick micky mickey
michelle michela | shelly shelley
millicent mildred | millie milly
monika monica |
muhammad mohammed mohammad mohamed muhammed mohamad mohammod mohamud mahomed mehmet | mo moe mohd md
musa moosa |
nadia nadya nadiya |
natalie natalia nathalie natasha | nat tasha
nathan nathaniel nathanael | nat nate
naveed navid |
neil neal niall |
nicholas nicolas nikolas niklas mikolaj | nick nicky nico
nicola nicole nichola | nicky nikki
noah noa |
oliver olivier oliwer | ollie olly oli
olivia oliwia | ollie olly liv livvy livia
omar umar omer |
oscar oskar | ozzy
osman usman uthman othman |
owen owain |
parveen perveen parvin |
patricia | pat patty trish tricia
patrick padraig | pat paddy
paul pawel pablo paulo |
penelope | penny pen
peter piotr pedro pietro petr | pete piotrek
philip phillip filip philippe | phil pip
phoebe febe |
rachel rachael raquel | rach
raymond | ray
rebecca rebekah rebeca | becky becca bex becks
reginald | reg reggie
rehan rayhan reyhan raihan |
reuben ruben |
rhys reece reese |
richard ricardo ryszard | rich richie rick ricky dick
riley reilly ryley |
robert roberto | rob robbie robby bob bobby bert bertie rab
ronald | ron ronnie
rosemary rosalind rosalie rose | rosie
ryan rian |
sajid saajid |
samantha | sam sammy sammie
samuel samual | sam sammy sammie
sandra | sandy
sarah sara | sally sadie
scarlett scarlet |
sean shaun shawn |
sebastian sebastien | seb bastian
shazia shaziya |
simon szymon | si
sonia sonya |
sophie sophia sofia zofia | soph zosia
stacey stacy |
stephanie stefanie | steph stevie
stephen steven stephan stefan steffan | steve stevie
stuart stewart | stu
susan suzanne susanna susannah suzanna zuzanna | sue susie suzy zuza
tariq tarik tareq |
terence terrence | terry
theodore theodor teodor | theo ted teddy
thomas tomas tomasz tomos tommaso | tom tommy thom tomek
tiago thiago |
timothy | tim timmy
tobias | toby
tracey tracy |
tyler | ty
valerie | val
veronica weronika | ronnie
victoria wiktoria | vicky vikki vicki tori wika
william wilhelm guilherme | bill billy will willie willy wills liam
winifred | winnie
yusuf yousef yousuf yusef yosef |
zachary zachariah zakaria zakariya zakariyya | zac zack zach zak
zainab zaynab zeinab |
zara zahra zarah zahraa |
zayn zain zane |
zoe zoey |
`;

interface NameGroup {
  key: string;
  full: Set<string>;
  short: Set<string>;
}

const GROUPS: ReadonlyMap<string, NameGroup> = buildGroups(GIVEN_NAME_TABLE);
const GROUPS_BY_NAME: ReadonlyMap<string, readonly NameGroup[]> = indexGroups(GROUPS);

function buildGroups(table: string): Map<string, NameGroup> {
  const groups = new Map<string, NameGroup>();
  for (const line of table.split('\n')) {
    if (!line.trim()) continue;
    const [fullText = '', shortText = ''] = line.split('|');
    const full = fullText.split(/\s+/).map(compactName).filter(Boolean);
    const short = shortText.split(/\s+/).map(compactName).filter(Boolean);
    const key = full[0];
    if (!key) continue;
    const group = groups.get(key) ?? { key, full: new Set<string>(), short: new Set<string>() };
    for (const name of full) group.full.add(name);
    for (const name of short) if (!group.full.has(name)) group.short.add(name);
    groups.set(key, group);
  }
  return groups;
}

function indexGroups(groups: ReadonlyMap<string, NameGroup>): Map<string, NameGroup[]> {
  const index = new Map<string, NameGroup[]>();
  for (const group of groups.values()) {
    for (const name of [...group.full, ...group.short]) {
      const list = index.get(name) ?? [];
      list.push(group);
      index.set(name, list);
    }
  }
  return index;
}

/** How many groups the short-form table has. */
export function givenNameGroupCount(): number {
  return GROUPS.size;
}

/** Every group as [canonical key, members], for reviewing the table. */
export function givenNameGroupList(): Array<{ key: string; fullForms: string[]; shortForms: string[] }> {
  return [...GROUPS.values()].map((group) => ({ key: group.key, fullForms: [...group.full], shortForms: [...group.short] }));
}

/**
 * The canonical keys of the groups a given name belongs to: "Bob" → ["robert"], "Alex" →
 * ["alexander", "alexandra", "alexis"], "Katherine" → ["katherine"]. Empty when the name is in no group.
 */
export function givenNameGroups(name: string): string[] {
  return (GROUPS_BY_NAME.get(compactName(name)) ?? []).map((group) => group.key);
}

/**
 * Every name that shares a group with this one, itself included, normalised and sorted: what a
 * search for "Kate" should also look for. A name in no group gives just itself.
 */
export function givenNameVariants(name: string): string[] {
  const compact = compactName(name);
  if (!compact) return [];
  const variants = new Set<string>([compact]);
  for (const group of GROUPS_BY_NAME.get(compact) ?? []) {
    for (const member of group.full) variants.add(member);
    for (const member of group.short) variants.add(member);
  }
  return [...variants].sort();
}

/** True when two given names are the same once normalised, or share a group ("Bob" and "Robert", "Mohammed" and "Muhammad"). */
export function areNameVariants(a: string, b: string): boolean {
  return describeNameVariant(a, b) !== null;
}

/**
 * How two given names are related through the table: 'same' (equal once normalised),
 * 'short-form' (one is a short form of the other's full form: "Bob" / "Robert"), 'other-form'
 * (both full forms or spellings: "Katherine" / "Catherine", "Mohammed" / "Muhammad"),
 * 'shared-short-form' (both short forms of one name: "Bob" / "Rob"), or null.
 */
export function describeNameVariant(a: string, b: string): 'same' | 'short-form' | 'other-form' | 'shared-short-form' | null {
  const x = compactName(a);
  const y = compactName(b);
  if (!x || !y) return null;
  if (x === y) return 'same';
  const groupsOfX = GROUPS_BY_NAME.get(x);
  if (!groupsOfX) return null;
  let best: 'short-form' | 'other-form' | 'shared-short-form' | null = null;
  for (const group of groupsOfX) {
    const xFull = group.full.has(x);
    const yFull = group.full.has(y);
    if (!yFull && !group.short.has(y)) continue;
    if (xFull && yFull) return 'other-form';
    if (xFull || yFull) best = 'short-form';
    else best ??= 'shared-short-form';
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// String similarity
// ---------------------------------------------------------------------------------------------

/**
 * Jaro similarity, 0..1: the share of characters that match within a window of half the longer
 * length, less half the matched characters out of order. Computed with the strings in a fixed
 * order so that it is exactly symmetric.
 */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const [first, second] = a < b ? [a, b] : [b, a];
  const s = Array.from(first);
  const t = Array.from(second);
  if (s.length === 0 || t.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(s.length, t.length) / 2) - 1);
  const sMatched = new Array<boolean>(s.length).fill(false);
  const tMatched = new Array<boolean>(t.length).fill(false);
  let matches = 0;
  for (let i = 0; i < s.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(t.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (tMatched[j] || s[i] !== t[j]) continue;
      sMatched[i] = true;
      tMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let outOfOrder = 0;
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    if (!sMatched[i]) continue;
    while (!tMatched[k]) k++;
    if (s[i] !== t[k]) outOfOrder++;
    k++;
  }
  const transpositions = outOfOrder / 2;
  return (matches / s.length + matches / t.length + (matches - transpositions) / matches) / 3;
}

/**
 * Jaro-Winkler similarity, 0..1: Jaro raised for a common prefix of up to four characters
 * (people get the start of a name right more often than the end). The raise applies only when
 * Jaro is above 0.7, as Winkler proposed.
 */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  const s = Array.from(a);
  const t = Array.from(b);
  let prefix = 0;
  while (prefix < 4 && prefix < s.length && prefix < t.length && s[prefix] === t[prefix]) prefix++;
  const scale = Math.min(Math.max(prefixScale, 0), 0.25);
  return j + prefix * scale * (1 - j);
}

/**
 * Optimal string alignment distance (restricted Damerau-Levenshtein): the fewest insertions,
 * deletions, substitutions and transpositions of adjacent characters turning one string into the
 * other, no substring edited twice. "Jonh" → "John" is one edit, not two.
 */
export function osaDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let twoBack = new Array<number>(t.length + 1).fill(0);
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  let current = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, (twoBack[j - 2] ?? 0) + 1);
      }
      current[j] = best;
    }
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[t.length] ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Phonetic key
// ---------------------------------------------------------------------------------------------

function isVowel(c: string | undefined): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';
}

function isSoftening(c: string | undefined): boolean {
  return c === 'e' || c === 'i' || c === 'y';
}

/**
 * A phonetic key for British names: a simplified metaphone written for this project. Names that
 * sound alike when read aloud in English usually share a key: Smith/Smyth/Smythe (SMT),
 * Catherine/Katherine/Kathryn (KTRN), Stephen/Steven (STFN), Mohammed/Muhammad/Mohamed (MMT),
 * Aisha/Ayesha (AX), Zara/Zahra (SR), O'Brien/OBrien (ABRN), MacDonald/McDonald (MKTNLT).
 *
 * Rules: initial KN, GN, PN, WR, PS lose their first letter, initial X is S, initial WH is W;
 * doubled letters, and neighbouring letters with one code, count once; a first vowel (or Y before a consonant) is A, later vowels are
 * dropped; Y is kept only at the start before a vowel; H only at the start before a vowel; W
 * only before a vowel; CH is X (K in CHR and SCH), CE/CI/CY are S, other C, K, Q and G are K;
 * GE/GI/GY are J, DGE/DGI/DGY are J; GH is silent unless first or before a vowel; PH and V are
 * F; SH, TCH, TIA and TIO are X; TH and D are T; X is KS; Z is S; a final MB is M.
 *
 * Limits, so that nobody relies on it alone:
 * - It knows English spelling only. Polish, Lithuanian, Arabic and South Asian transliterations
 *   sound alike far more often than their keys agree (Wojcik/Voytchik, Khadija/Hadiza), so
 *   spelling variants of those names belong in the given-name table and in edit distance.
 * - All vowels after the first are dropped and voiced/unvoiced pairs merged (D/T, G/K, V/F,
 *   Z/S), so keys are coarse: Ava, Eva and Ivy share AF; Matt, Maud and Mohammed differ only by
 *   one M. A shared key is weak evidence, never a match by itself.
 * - It misreads some names: Michael is MXL (CH read as in "church"), Hugh is H, Vaughan is FKN,
 *   Thomas and Tomas agree only because TH is read as T.
 * - Letters outside a-z after removing accents (other scripts) are ignored: such names get an
 *   empty or partial key and must be compared by spelling.
 */
export function phoneticKey(name: string): string {
  let w = compactName(name).replace(/[^a-z]/g, '');
  if (!w) return '';
  if (/^(kn|gn|pn|wr|ps)/.test(w)) w = w.slice(1);
  if (w.startsWith('x')) w = `s${w.slice(1)}`;
  if (w.startsWith('wh')) w = `w${w.slice(2)}`;
  let key = '';
  // A code repeated by neighbouring letters ("ck", "sz") counts once; one repeated across a vowel ("Mama") twice.
  let afterVowel = false;
  const emit = (code: string) => {
    for (const c of code) if (afterVowel || !key.endsWith(c)) key += c;
    afterVowel = false;
  };
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    const prev = i > 0 ? w[i - 1] : undefined;
    const next = w[i + 1];
    const next2 = w[i + 2];
    if (c === prev && c !== 'c') continue;
    switch (c) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        if (i === 0) emit('A');
        else afterVowel = true;
        break;
      case 'y':
        if (i === 0) emit(isVowel(next) ? 'Y' : 'A');
        break;
      case 'b':
        if (!(prev === 'm' && i === w.length - 1)) emit('B');
        break;
      case 'c':
        if (next === 'h') {
          emit(next2 === 'r' || prev === 's' ? 'K' : 'X');
          i++;
        } else if (isSoftening(next)) {
          emit('S');
        } else {
          emit('K');
        }
        break;
      case 'd':
        if (next === 'g' && isSoftening(next2)) {
          emit('J');
          i++;
        } else {
          emit('T');
        }
        break;
      case 'g':
        if (next === 'h') {
          if (i === 0 || isVowel(next2)) emit('K');
          i++;
        } else if (next === 'n' && i === w.length - 2) {
          // silent, as in "sign"
        } else if (isSoftening(next)) {
          emit('J');
        } else {
          emit('K');
        }
        break;
      case 'h':
        if (i === 0 && isVowel(next)) emit('H');
        break;
      case 'p':
        if (next === 'h') {
          emit('F');
          i++;
        } else {
          emit('P');
        }
        break;
      case 'q':
      case 'k':
        emit('K');
        break;
      case 's':
        if (next === 'h') {
          emit('X');
          i++;
        } else if (next === 'c' && next2 === 'h') {
          emit('SK');
          i += 2;
        } else {
          emit('S');
        }
        break;
      case 't':
        if (next === 'h') {
          emit('T');
          i++;
        } else if (next === 'c' && next2 === 'h') {
          emit('X');
          i += 2;
        } else if (next === 'i' && (next2 === 'a' || next2 === 'o')) {
          emit('X');
        } else {
          emit('T');
        }
        break;
      case 'v':
        emit('F');
        break;
      case 'w':
        if (isVowel(next) || next === 'y') emit('W');
        break;
      case 'x':
        emit('KS');
        break;
      case 'z':
        emit('S');
        break;
      case 'f':
      case 'j':
      case 'l':
      case 'm':
      case 'n':
      case 'r':
        emit(c.toUpperCase());
        break;
      default:
        break;
    }
  }
  return key;
}
