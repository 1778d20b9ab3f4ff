/**
 * Fictional people for measuring person matching: households in Cambridgeshire and Peterborough
 * with realistic name frequencies, and the duplicates a real record system collects.
 *
 * Everyone here is made up. Names are drawn at random from weighted lists of common names, so any
 * resemblance to a real person is chance; NHS numbers are all in the 999 range the NHS keeps for
 * testing; inward postcodes are random. Deterministic: the same seed gives the same people.
 *
 * Name weights approximate how common each name is in England and Wales (births for children's
 * names, the adult population for adults' names and family names), within five broad groups of
 * families found in the area: White British and Irish; South Asian; Eastern European (Polish,
 * Lithuanian, Latvian, Romanian); Portuguese; and others (African, Chinese, Middle Eastern).
 */
import type { PersonFacts } from '../src/people/matching.js';

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/** A function returning numbers in [0, 1). */
export type Random = () => number;

/** The mulberry32 generator: 32 bits of state, quick, and good enough for test data. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A list of names with weights, drawn from by binary search over the running totals. */
class WeightedList {
  readonly names: string[] = [];
  private readonly totals: number[] = [];

  constructor(spec: string) {
    let total = 0;
    for (const entry of spec.trim().split(/\s+/)) {
      const [name, weight] = entry.split(':');
      if (!name) continue;
      total += Number(weight ?? 1);
      this.names.push(name.replace(/_/g, ' '));
      this.totals.push(total);
    }
  }

  draw(random: Random): string {
    const target = random() * (this.totals.at(-1) ?? 0);
    let low = 0;
    let high = this.totals.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.totals[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return this.names[low] ?? '';
  }
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

export type Community = 'british' | 'south-asian' | 'eastern-european' | 'portuguese' | 'other';

interface CommunityNames {
  share: number;
  boys: WeightedList;
  girls: WeightedList;
  men: WeightedList;
  women: WeightedList;
  family: WeightedList;
}

const COMMUNITIES: Record<Community, CommunityNames> = {
  british: {
    share: 0.72,
    boys: new WeightedList(`
      Noah:42 Oliver:41 George:40 Arthur:38 Leo:37 Harry:30 Oscar:30 Archie:29 Henry:28 Theodore:28 Freddie:27
      Jack:26 Charlie:26 Theo:25 Alfie:24 Jacob:23 Thomas:22 Finley:21 Arlo:20 William:20 Lucas:19 Roman:18
      Tommy:18 Isaac:17 Teddy:17 Alexander:16 Luca:16 Edward:15 James:15 Joshua:14 Albert:14 Max:13 Mason:13
      Rory:13 Reggie:12 Ronnie:12 Jude:12 Ethan:12 Harrison:11 Daniel:11 Samuel:11 Joseph:10 Logan:10 Dylan:10
      Riley:10 Elijah:10 Hugo:9 Louie:9 Sebastian:9 Toby:9 Harvey:8 Benjamin:8 Jaxon:8 Ollie:8 Matthew:6
      Jayden:6 Kai:6 Tyler:6 Frankie:6 Callum:5 Connor:5 Liam:5 Ryan:5 Lewis:5 Owen:5 Elliot:5 Zachary:5
      Jenson:5 Kyle:4 Bradley:4 Cameron:4 Aiden:4 Nathan:4 Christopher:3 Robert:3 Michael:3 Charles:3
    `),
    girls: new WeightedList(`
      Olivia:40 Amelia:38 Isla:35 Ava:33 Ivy:30 Freya:29 Lily:29 Florence:28 Mia:27 Willow:26 Rosie:25
      Sophia:24 Isabella:24 Grace:23 Daisy:22 Sienna:21 Poppy:21 Elsie:20 Emily:20 Ella:19 Evelyn:19
      Phoebe:18 Sofia:18 Evie:18 Charlotte:17 Harper:17 Millie:16 Matilda:16 Ruby:15 Maya:15 Luna:15
      Hallie:12 Esme:12 Alice:12 Emilia:11 Mila:11 Eliza:10 Ellie:10 Chloe:10 Aria:8 Jessica:9 Lucy:9
      Scarlett:9 Holly:8 Harriet:8 Layla:8 Erin:7 Hannah:7 Bonnie:7 Lola:7 Maisie:7 Molly:7 Megan:6
      Lacey:6 Abigail:6 Eleanor:6 Isabelle:6 Georgia:6 Katie:5 Leah:5 Lexi:5 Zara:5 Amber:5 Niamh:4
      Caitlin:4 Elizabeth:4 Victoria:3 Rebecca:3 Samantha:2 Alexandra:2 Katherine:2 Catherine:2
    `),
    men: new WeightedList(`
      David:30 Paul:25 Mark:24 Christopher:24 James:24 Michael:24 Andrew:22 Daniel:22 Richard:20
      Matthew:20 John:18 Stephen:15 Robert:15 Thomas:14 Peter:12 Adam:12 Lee:10 Anthony:10 Steven:10
      Luke:10 Ryan:10 Darren:9 Craig:9 Simon:9 Gary:9 Ian:9 Martin:9 Jamie:9 Liam:9 Jason:8 Neil:8
      Jonathan:8 Ben:8 Scott:8 Kevin:8 Nathan:8 Stuart:7 Carl:6 Dean:6 Wayne:6 Sean:6 Philip:5
      William:5 Nicholas:5 Samuel:4 Benjamin:4 Alexander:4 Edward:3 Timothy:3 Joseph:5
    `),
    women: new WeightedList(`
      Sarah:28 Emma:24 Laura:22 Claire:20 Rebecca:18 Lisa:15 Nicola:15 Amy:15 Gemma:14 Rachel:14
      Kelly:12 Louise:12 Michelle:12 Samantha:12 Hannah:12 Victoria:12 Charlotte:12 Joanne:11
      Stephanie:10 Katie:10 Jennifer:10 Jessica:10 Helen:10 Natalie:10 Lauren:10 Sophie:10 Danielle:9
      Zoe:8 Karen:8 Catherine:8 Elizabeth:8 Amanda:8 Hayley:8 Jade:8 Donna:7 Kirsty:7 Leanne:7
      Stacey:7 Kerry:6 Katherine:6 Kate:5 Chelsea:5 Abigail:5 Alexandra:4 Eleanor:4 Margaret:3
      Susan:4 Deborah:4 Jacqueline:3
    `),
    family: new WeightedList(`
      Smith:120 Jones:80 Williams:60 Taylor:55 Brown:52 Davies:45 Evans:35 Wilson:35 Thomas:32 Johnson:32
      Roberts:30 Robinson:28 Thompson:28 Wright:27 Walker:27 White:25 Edwards:24 Hughes:24 Green:23 Hall:23
      Lewis:22 Harris:22 Clarke:21 Jackson:20 Wood:20 Turner:19 Martin:19 Cooper:18 Hill:18 Ward:18
      Morris:17 Moore:17 Clark:17 Lee:16 King:16 Baker:16 Harrison:16 Morgan:15 Allen:15 James:15 Scott:14
      Phillips:14 Watson:14 Davis:14 Parker:13 Price:13 Bennett:13 Young:13 Griffiths:12 Mitchell:12
      Kelly:12 Cook:12 Carter:12 Richardson:12 Bailey:11 Collins:11 Bell:11 Shaw:11 Murphy:11 Miller:11
      Cox:10 Richards:10 Marshall:10 Anderson:10 Simpson:10 Ellis:10 Adams:10 Wilkinson:9 Foster:9
      Chapman:9 Powell:9 Webb:9 Rogers:9 Gray:9 Mason:9 Hunt:8 Campbell:8 Matthews:8 Owen:8 Palmer:8
      Holmes:8 Mills:8 Barnes:8 Knight:8 Lloyd:8 Butler:8 Russell:8 Barker:7 Fisher:7 Stevens:7 Jenkins:7
      Murray:7 Dixon:7 Harvey:7 Graham:7 Pearson:7 Fletcher:7 Walsh:7 Gibson:6 Howard:6 Andrews:6
      Stewart:6 Elliott:6 Reynolds:6 Saunders:6 Payne:6 Fox:6 Ford:6 Pearce:6 Day:6 Brooks:6 West:6
      Lawrence:6 Cole:6 Atkinson:6 Bradley:5 Spencer:5 Dawson:5 Ball:5 Burton:5 O'Brien:5 Watts:5 Rose:5
      Booth:5 Perry:5 Ryan:5 Grant:5 Wells:5 Armstrong:5 Francis:5 Rees:5 Hayes:5 Hart:5 Hudson:5
      Newman:5 Barrett:5 Webster:5 Hunter:5 Gregory:5 Carr:5 Lowe:5 Page:4 Marsh:4 Riley:4 Dunn:4
      Woods:4 Parsons:4 Berry:4 Stone:4 Reid:4 Holland:4 Hawkins:4 Harding:4 Porter:4 Robertson:4
      Newton:4 Oliver:4 Reed:4 Kennedy:4 Williamson:4 Bird:4 Gardner:4 Dean:4 Lane:4 Cooke:4 Bates:4
      Henderson:4 Parry:4 Burgess:4 Bishop:4 Walton:4 Burns:4 Nicholson:4 Shepherd:4 Ross:4 Cross:4
      Long:4 Freeman:4 Warren:4 Nicholls:4 Hamilton:4 Byrne:4 Sutton:3 McDonald:3 Yates:3 Hodgson:3
      Robson:3 Curtis:3 Hopkins:3 O'Connor:3 Harper:3 Coleman:3 Watkins:3 Moss:3 McCarthy:3 Chambers:3
      O'Neill:3 Griffin:3 Sharp:3 Hardy:3 Wheeler:3 Potter:3 Osborne:3 Johnston:3 Gordon:3 Doyle:3
      Wallace:3 George:3 Jordan:3 Hutchinson:3 Reeves:3 Smyth:1 Thomson:2 Phillipson:1 Stephens:2
    `),
  },
  'south-asian': {
    share: 0.1,
    boys: new WeightedList(`
      Muhammad:40 Mohammed:20 Ibrahim:12 Yusuf:12 Ayaan:10 Hamza:10 Ali:10 Zayn:8 Musa:8 Omar:8 Adam:8
      Aryan:6 Arjun:6 Abdullah:6 Rehan:5 Zakariya:5 Ismail:5 Ahmed:5 Eesa:4 Harvir:3
    `),
    girls: new WeightedList(`
      Aisha:12 Fatima:12 Maryam:12 Zainab:10 Hafsa:7 Anaya:7 Inaaya:6 Zara:6 Amira:6 Khadija:6 Ayesha:6
      Aleena:5 Mariam:5 Eshal:5 Noor:5 Simran:4 Hania:4 Sana:4 Aiza:4 Jannat:4
    `),
    men: new WeightedList(`
      Mohammed:20 Muhammad:10 Imran:8 Asif:7 Tariq:6 Shahid:6 Abdul:6 Amir:5 Kamran:5 Naveed:5 Sajid:5
      Zahid:5 Arif:5 Usman:5 Rajesh:4 Sanjay:4 Gurpreet:4 Nadeem:4 Khalid:4 Waqas:4
    `),
    women: new WeightedList(`
      Fatima:7 Nazia:6 Shazia:6 Ayesha:6 Farzana:5 Samina:5 Sadia:5 Parveen:5 Saima:5 Nasreen:5 Rubina:4
      Amandeep:4 Harpreet:4 Priya:4 Rizwana:4 Shabana:4 Bushra:4 Uzma:4 Razia:3 Sofia:3
    `),
    family: new WeightedList(`
      Khan:30 Hussain:20 Ali:20 Ahmed:18 Patel:18 Singh:15 Shah:8 Akhtar:8 Iqbal:7 Mahmood:7 Rahman:7
      Malik:7 Butt:6 Javed:5 Choudhury:5 Mohammed:5 Siddiqui:4 Uddin:4 Miah:4 Islam:4 Hussein:4 Sharma:4
      Kumar:4 Bashir:4 Aslam:4 Anwar:4 Rashid:4 Gill:4 Mistry:3 Chauhan:3 Yousaf:3 Qureshi:3 Mirza:3
      Sandhu:3 Dhillon:3 Riaz:3 Nawaz:3 Ahmad:3 Hanif:2 Sadiq:2
    `),
  },
  'eastern-european': {
    share: 0.11,
    boys: new WeightedList(`
      Jakub:12 Kacper:8 Filip:8 Szymon:7 Aleksander:7 Lukas:7 Antoni:6 Jan:6 Mateusz:6 Dominik:6 Oliwer:5
      Adrian:5 Oskar:5 Franciszek:4 Matas:4 Nikodem:4 Michał:4 Rokas:3 Nojus:3 Luca:3
    `),
    girls: new WeightedList(`
      Zuzanna:8 Julia:8 Maja:8 Oliwia:8 Hanna:7 Lena:7 Zofia:6 Amelia:6 Natalia:6 Wiktoria:6 Alicja:5
      Aleksandra:5 Emilija:4 Nikola:4 Laura:4 Gabija:3 Antonina:3 Kornelia:3 Ugnė:3 Sofija:3
    `),
    men: new WeightedList(`
      Piotr:8 Tomasz:8 Paweł:7 Marcin:7 Michał:7 Krzysztof:6 Łukasz:6 Andrzej:5 Darius:4 Tomas:4 Andrei:4
      Marius:4 Adrian:4 Rafał:4 Grzegorz:4 Mindaugas:3 Mihai:3 Ionuț:3 Vytautas:3 Jānis:3
    `),
    women: new WeightedList(`
      Katarzyna:8 Anna:8 Agnieszka:7 Magdalena:6 Joanna:6 Małgorzata:5 Monika:5 Ewa:5 Justyna:4
      Kristina:4 Marta:4 Aneta:4 Inga:3 Ioana:3 Edyta:3 Jolanta:3 Renata:3 Ilona:3 Alina:3 Elena:3
    `),
    family: new WeightedList(`
      Nowak:10 Kowalski:8 Wiśniewski:6 Wójcik:6 Kowalczyk:5 Kamiński:5 Lewandowski:5 Zieliński:4
      Szymański:4 Woźniak:4 Dąbrowski:4 Kozłowski:3 Jankowski:3 Mazur:3 Kwiatkowski:3 Krawczyk:3
      Piotrowski:3 Grabowski:3 Nowakowski:2 Pawłowski:2 Michalski:2 Król:2 Wieczorek:2 Jabłoński:2
      Wróbel:2 Kazlauskas:3 Petrauskas:3 Jankauskas:3 Stankevičius:2 Vasiliauskas:2 Žukauskas:2
      Butkus:2 Bērziņš:2 Kalniņš:2 Ozoliņš:2 Popescu:3 Popa:3 Ionescu:2 Dumitru:2 Stan:2 Constantin:2
      Horváth:2 Balogh:2
    `),
  },
  portuguese: {
    share: 0.03,
    boys: new WeightedList('João:6 Tiago:5 Rodrigo:5 Martim:4 Santiago:4 Afonso:4 Francisco:4 Gabriel:3 Tomás:3 Guilherme:3'),
    girls: new WeightedList('Beatriz:5 Inês:5 Leonor:5 Maria:5 Matilde:4 Mariana:4 Alice:3 Carolina:3 Lara:3 Francisca:3'),
    men: new WeightedList('José:5 António:4 Carlos:4 Paulo:4 Pedro:4 Rui:3 Nuno:3 Luís:3 Miguel:3 Ricardo:3'),
    women: new WeightedList('Maria:6 Ana:5 Catarina:4 Sofia:3 Sónia:3 Sandra:3 Cláudia:3 Patrícia:3 Rita:3 Marta:3'),
    family: new WeightedList(`
      Silva:8 Santos:6 Ferreira:5 Pereira:5 Oliveira:5 Costa:4 Rodrigues:4 Martins:4 Jesus:3 Sousa:3
      Fernandes:3 Gonçalves:3 Gomes:3 Lopes:3 da_Silva:2 dos_Santos:2
    `),
  },
  other: {
    share: 0.04,
    boys: new WeightedList(`
      Daniel:5 David:4 Emmanuel:4 Samuel:4 Joshua:4 Elijah:3 Caleb:3 Ethan:3 Jayden:3 Ahmad:3 Mustafa:3
      Hassan:3 Kofi:2 Wei:2 Karim:2
    `),
    girls: new WeightedList(`
      Grace:4 Precious:3 Esther:3 Blessing:3 Abigail:3 Favour:3 Amara:3 Zoe:3 Nia:3 Hana:3 Amina:3 Mercy:2
      Mei:2 Aya:2 Maryam:2
    `),
    men: new WeightedList(`
      Emmanuel:3 Samuel:3 Daniel:3 Joseph:3 Ahmed:3 Mohamed:3 Hassan:3 Kwame:2 Chinedu:2 Oluwaseun:2 Wei:2
      Jun:2 Abdi:2 Dawit:2 Ali:2
    `),
    women: new WeightedList(`
      Grace:3 Blessing:3 Mary:3 Esther:3 Joy:3 Amina:3 Sara:3 Ruth:3 Patience:2 Adaeze:2 Funmilayo:2 Li:2
      Mei:2 Fatuma:2 Hodan:2
    `),
    family: new WeightedList(`
      Mensah:3 Abdi:3 Mohamed:3 Hassan:3 Ibrahim:3 Okafor:2 Osei:2 Adeyemi:2 Okonkwo:2 Nguyen:2 Chen:2
      Wang:2 Li:2 Zhang:2 Yilmaz:2 Ahmadi:2 Mahmoud:2 Tesfaye:2 Haile:2
    `),
  },
};

const COMMUNITY_NAMES = Object.keys(COMMUNITIES) as Community[];

/** Every distinct given and family name in the weighted lists, for reviewing them. */
export function nameListSizes(): { givenNames: number; familyNames: number } {
  const given = new Set<string>();
  const family = new Set<string>();
  for (const names of Object.values(COMMUNITIES)) {
    for (const list of [names.boys, names.girls, names.men, names.women]) for (const name of list.names) given.add(name);
    for (const name of names.family.names) family.add(name);
  }
  return { givenNames: given.size, familyNames: family.size };
}

function pickCommunity(random: Random): Community {
  let target = random();
  for (const community of COMMUNITY_NAMES) {
    target -= COMMUNITIES[community].share;
    if (target < 0) return community;
  }
  return 'british';
}

/** Family names that take another form for women and girls in the family's language (Polish, Baltic, Czech; Singh and Kaur). */
function familyNameFor(name: string, sex: Sex, adult: boolean): string {
  if (sex === 'male') return name === 'Kaur' ? 'Singh' : name;
  if (name === 'Singh') return 'Kaur';
  if (!COMMUNITIES['eastern-european'].family.names.includes(name)) return name;
  const polish = /(sk|ck|dzk)i$/.exec(name);
  if (polish) return `${name.slice(0, -1)}a`;
  if (/ius$/.test(name)) return adult ? `${name.slice(0, -3)}ienė` : `${name.slice(0, -3)}iūtė`;
  if (/as$/.test(name)) return adult ? `${name.slice(0, -2)}ienė` : `${name.slice(0, -2)}aitė`;
  if (/us$/.test(name)) return adult ? `${name.slice(0, -2)}ienė` : `${name.slice(0, -2)}utė`;
  if (/š$/.test(name)) return `${name.slice(0, -1)}a`;
  if (name === 'Novák') return 'Nováková';
  return name;
}

// ---------------------------------------------------------------------------------------------
// Places, dates and NHS numbers
// ---------------------------------------------------------------------------------------------

/** Outward codes in and around Cambridgeshire and Peterborough, weighted roughly by population. */
const OUTWARD_CODES = new WeightedList(`
  PE1:6 PE2:6 PE3:5 PE4:5 PE5:1 PE6:3 PE7:5 PE8:2 PE13:3 PE14:2 PE15:3 PE16:2 PE19:4 PE26:2 PE27:3
  PE28:2 PE29:3 CB1:5 CB2:4 CB3:3 CB4:4 CB5:2 CB6:3 CB7:3 CB8:2 CB21:2 CB22:2 CB23:3 CB24:3 CB25:2 SG8:2 SG19:2
`);
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** The day the generated ages are counted to, so that runs do not depend on today's date. */
export const REFERENCE_DATE = '2026-06-01';
const REFERENCE_DAY = Math.round(Date.parse(`${REFERENCE_DATE}T00:00:00Z`) / 86_400_000);

function isoFromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function dayFromIso(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** The NHS number check digit for nine digits (modulus 11, weights 10 down to 2), or null when none exists. */
export function nhsCheckDigit(nineDigits: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

export type Sex = 'female' | 'male';

export interface GeneratedPerson extends PersonFacts {
  id: string;
  householdId: string;
  community: Community;
  role: 'child' | 'adult';
  givenName: string;
  familyName: string;
  sex: Sex;
  dateOfBirth: string;
  postcode: string;
  nhsNumber?: string;
}

export interface PersonGenerator extends Iterable<GeneratedPerson> {
  readonly random: Random;
  /** The people of one new household: one or two adults, usually with children. */
  household(): GeneratedPerson[];
  /** A twin not yet on record: same family name, date of birth and postcode, a different given name. */
  twinOf(person: GeneratedPerson): GeneratedPerson;
  /** A brother or sister not yet on record, born at least eleven months apart. */
  siblingOf(person: GeneratedPerson): GeneratedPerson;
  /** Someone else with the same given and family name, born within two months, living elsewhere. */
  namesakeOf(person: GeneratedPerson): GeneratedPerson;
  /** Someone unrelated to anyone generated so far. */
  stranger(): GeneratedPerson;
  /** A postcode in the area other than `except`. */
  postcode(except?: string): string;
}

/** Share of people with an NHS number on record. */
const NHS_NUMBER_SHARE = 0.85;

/**
 * A deterministic source of fictional people. Iterating yields the members of one household
 * after another, without end; take as many as needed.
 */
export function createPersonGenerator(seed: number): PersonGenerator {
  const random = mulberry32(seed);
  const usedNhsNumbers = new Set<string>();
  let nextPerson = 1;
  let nextHousehold = 1;

  function nhsNumber(): string | undefined {
    if (random() >= NHS_NUMBER_SHARE) return undefined;
    for (;;) {
      let nine = '999';
      for (let i = 0; i < 6; i++) nine += String(randomInt(random, 0, 9));
      const check = nhsCheckDigit(nine);
      if (check === null) continue;
      const number = `${nine}${check}`;
      if (usedNhsNumbers.has(number)) continue;
      usedNhsNumbers.add(number);
      return number;
    }
  }

  function postcode(except?: string): string {
    for (;;) {
      const outward = OUTWARD_CODES.draw(random);
      const inward = `${randomInt(random, 1, 9)}${pick(random, [...INWARD_LETTERS])}${pick(random, [...INWARD_LETTERS])}`;
      const code = `${outward} ${inward}`;
      if (code !== except) return code;
    }
  }

  function givenName(community: Community, sex: Sex, adult: boolean): string {
    const names = COMMUNITIES[community];
    if (adult) return (sex === 'female' ? names.women : names.men).draw(random);
    return (sex === 'female' ? names.girls : names.boys).draw(random);
  }

  function person(fields: Omit<GeneratedPerson, 'id' | 'nhsNumber'>): GeneratedPerson {
    const id = `P${String(nextPerson++).padStart(6, '0')}`;
    const nhs = nhsNumber();
    return { id, ...fields, ...(nhs ? { nhsNumber: nhs } : {}) };
  }

  function randomSex(): Sex {
    return random() < 0.5 ? 'female' : 'male';
  }

  function household(): GeneratedPerson[] {
    const householdId = `H${String(nextHousehold++).padStart(6, '0')}`;
    const community = pickCommunity(random);
    const names = COMMUNITIES[community];
    const familyName = names.family.draw(random);
    const home = postcode();
    const members: GeneratedPerson[] = [];

    const childCount = random() < 0.12 ? 0 : pick(random, [1, 1, 1, 2, 2, 2, 2, 3, 3, 4]);
    // Ages of the children in days, eldest first; a birth is twins about one time in thirty.
    const childAges: number[] = [];
    let age = randomInt(random, 0, 19 * 365);
    for (let i = 0; i < childCount && age >= 0; i++) {
      childAges.push(age);
      if (random() < 0.033 && i + 1 < childCount) {
        childAges.push(age);
        i++;
      }
      age -= randomInt(random, 330, 6 * 365);
    }
    const eldest = childAges[0] ?? 0;
    const adultCount = random() < 0.35 ? 1 : 2;
    const firstSex: Sex = adultCount === 1 ? (random() < 0.85 ? 'female' : 'male') : randomSex();
    for (let i = 0; i < adultCount; i++) {
      const sex: Sex = i === 0 ? firstSex : firstSex === 'female' ? 'male' : 'female';
      const ageDays = eldest + randomInt(random, 18 * 365, 40 * 365);
      const ownFamilyName =
        i === 1 && random() < 0.25 ? (random() < 0.8 ? names.family.draw(random) : COMMUNITIES.british.family.draw(random)) : familyName;
      const womansName = community === 'south-asian' && sex === 'female' && random() < 0.15 ? 'Begum' : undefined;
      members.push(
        person({
          householdId,
          community,
          role: 'adult',
          givenName: givenName(community, sex, true),
          familyName: womansName ?? familyNameFor(ownFamilyName, sex, true),
          sex,
          dateOfBirth: isoFromDay(REFERENCE_DAY - ageDays),
          postcode: home,
        }),
      );
    }
    const secondAdultName = members[1]?.familyName;
    const otherParentName = secondAdultName && secondAdultName !== 'Begum' ? masculineForm(secondAdultName) : undefined;
    const usedGivenNames = new Set<string>();
    for (const ageDays of childAges) {
      const sex = randomSex();
      let given = givenName(community, sex, false);
      for (let tries = 0; usedGivenNames.has(given) && tries < 20; tries++) given = givenName(community, sex, false);
      usedGivenNames.add(given);
      let childFamilyName = familyName;
      const roll = random();
      if (otherParentName && otherParentName !== familyName && roll < 0.3) childFamilyName = otherParentName;
      else if (community === 'british' && roll > 0.96) childFamilyName = `${familyName}-${COMMUNITIES.british.family.draw(random)}`;
      members.push(
        person({
          householdId,
          community,
          role: 'child',
          givenName: given,
          familyName: familyNameFor(childFamilyName, sex, false),
          sex,
          dateOfBirth: isoFromDay(REFERENCE_DAY - ageDays),
          postcode: home,
        }),
      );
    }
    return members;
  }

  function differentGivenName(of: GeneratedPerson, sex: Sex): string {
    let given = givenName(of.community, sex, of.role === 'adult');
    for (let tries = 0; given === of.givenName && tries < 50; tries++) given = givenName(of.community, sex, of.role === 'adult');
    return given;
  }

  function relative(of: GeneratedPerson, dayOfBirth: number): GeneratedPerson {
    const sex = randomSex();
    const familyName = sex === of.sex ? of.familyName : familyNameFor(masculineForm(of.familyName), sex, of.role === 'adult');
    return person({
      householdId: of.householdId,
      community: of.community,
      role: of.role,
      givenName: differentGivenName(of, sex),
      familyName,
      sex,
      dateOfBirth: isoFromDay(dayOfBirth),
      postcode: of.postcode,
    });
  }

  return {
    random,
    household,
    postcode,
    twinOf(of) {
      return relative(of, dayFromIso(of.dateOfBirth));
    },
    siblingOf(of) {
      const gap = randomInt(random, 330, 8 * 365) * (random() < 0.5 ? -1 : 1);
      let day = dayFromIso(of.dateOfBirth) + gap;
      if (day > REFERENCE_DAY) day = dayFromIso(of.dateOfBirth) - Math.abs(gap);
      return relative(of, day);
    },
    namesakeOf(of) {
      const gap = randomInt(random, 1, 60) * (random() < 0.5 ? -1 : 1);
      return person({
        householdId: `H${String(nextHousehold++).padStart(6, '0')}`,
        community: of.community,
        role: of.role,
        givenName: of.givenName,
        familyName: of.familyName,
        sex: of.sex,
        dateOfBirth: isoFromDay(Math.min(REFERENCE_DAY, dayFromIso(of.dateOfBirth) + gap)),
        postcode: postcode(of.postcode),
      });
    },
    stranger() {
      const members = household();
      return pick(random, members);
    },
    *[Symbol.iterator]() {
      for (;;) yield* household();
    },
  };
}

/** The form of a family name used for men, from any form (Kowalska → Kowalski, Kaur → Singh). */
function masculineForm(name: string): string {
  if (name === 'Kaur') return 'Singh';
  if (/(sk|ck|dzk)a$/.test(name)) return `${name.slice(0, -1)}i`;
  if (/(ienė|aitė)$/.test(name)) return `${name.slice(0, -4)}as`;
  if (/iūtė$/.test(name)) return `${name.slice(0, -4)}ius`;
  if (/utė$/.test(name)) return `${name.slice(0, -3)}us`;
  if (/iņa$/.test(name)) return `${name.slice(0, -1)}š`;
  if (name === 'Nováková') return 'Novák';
  return name;
}

// ---------------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------------

export const DUPLICATE_KINDS = [
  'typo-given-name',
  'typo-family-name',
  'short-form',
  'other-spelling',
  'swapped-names',
  'changed-family-name',
  'missing-nhs-number',
  'day-month-swapped',
  'dob-typo',
  'moved-house',
  'accents-punctuation',
] as const;

export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

export interface DuplicateVariant {
  kind: DuplicateKind;
  /** What changed, e.g. "transposition in given name: Jonh". */
  description: string;
  /** The new record, describing the same person as the original. */
  record: PersonFacts & { sourceId: string };
}

/**
 * Short forms people use for themselves or that others write down, as a practitioner meets them.
 * Kept separate from the matcher's own table on purpose, so that the benchmark finds its gaps.
 */
const SHORT_FORMS: Readonly<Record<string, readonly string[]>> = {
  Robert: ['Rob', 'Bob', 'Robbie', 'Bobby'],
  William: ['Will', 'Bill', 'Billy', 'Liam'],
  Elizabeth: ['Liz', 'Beth', 'Lizzie', 'Libby'],
  Alexander: ['Alex', 'Xander', 'Sasha'],
  Alexandra: ['Alex', 'Lexi', 'Sasha'],
  Christopher: ['Chris', 'Kris'],
  Daniel: ['Dan', 'Danny'],
  Thomas: ['Tom', 'Tommy'],
  Joshua: ['Josh'],
  Oliver: ['Ollie', 'Olly'],
  Olivia: ['Liv', 'Livvy', 'Ollie'],
  Isabella: ['Izzy', 'Bella', 'Issy'],
  Isabelle: ['Izzy', 'Belle'],
  Abigail: ['Abi', 'Abby', 'Abbie'],
  Katherine: ['Kate', 'Katie', 'Kathy'],
  Catherine: ['Cath', 'Cathy', 'Kate', 'Cat'],
  Samuel: ['Sam', 'Sammy'],
  Samantha: ['Sam', 'Sammie'],
  Charles: ['Charlie'],
  Charlotte: ['Charlie', 'Lottie'],
  Eleanor: ['Ellie', 'Nell'],
  Matthew: ['Matt'],
  Michael: ['Mike', 'Mick', 'Mikey'],
  Nicholas: ['Nick', 'Nicky'],
  Nicola: ['Nicky', 'Nikki'],
  Stephen: ['Steve'],
  Steven: ['Steve'],
  Richard: ['Rich', 'Rick', 'Richie'],
  Anthony: ['Tony', 'Ant'],
  Andrew: ['Andy', 'Drew'],
  Benjamin: ['Ben', 'Benji'],
  Jonathan: ['Jon', 'Jonny'],
  Jennifer: ['Jen', 'Jenny'],
  Rebecca: ['Becky', 'Becca', 'Bex'],
  Jessica: ['Jess', 'Jessie'],
  Victoria: ['Vicky', 'Tori'],
  Stephanie: ['Steph'],
  Natalie: ['Nat'],
  Theodore: ['Theo', 'Teddy'],
  Edward: ['Ed', 'Eddie', 'Ted'],
  Harrison: ['Harry'],
  Sebastian: ['Seb'],
  Zachary: ['Zac', 'Zack'],
  Elijah: ['Eli'],
  Florence: ['Flo', 'Florrie'],
  Matilda: ['Tilly', 'Tilda'],
  Evelyn: ['Evie'],
  Amelia: ['Millie', 'Mia'],
  Emily: ['Em', 'Emmy'],
  Emilia: ['Millie', 'Emmy'],
  Gabriel: ['Gabe'],
  Joseph: ['Joe', 'Joey'],
  Peter: ['Pete'],
  David: ['Dave', 'Davey'],
  James: ['Jim', 'Jimmy', 'Jamie'],
  John: ['Johnny', 'Jack'],
  Timothy: ['Tim'],
  Jacob: ['Jake'],
  Cameron: ['Cam'],
  Harriet: ['Hattie'],
  Georgia: ['Georgie'],
  Danielle: ['Dani'],
  Deborah: ['Debbie', 'Deb'],
  Susan: ['Sue', 'Susie'],
  Margaret: ['Maggie', 'Meg', 'Peggy'],
  Jacqueline: ['Jackie', 'Jacqui'],
  Philip: ['Phil'],
  Kathleen: ['Kath'],
  Abdullah: ['Abdul'],
  Zakariya: ['Zak', 'Zack'],
  Ibrahim: ['Ibby'],
  Jakub: ['Kuba', 'Jake'],
  Aleksander: ['Olek', 'Alex'],
  Aleksandra: ['Ola', 'Ala', 'Alex'],
  Katarzyna: ['Kasia', 'Kate'],
  Małgorzata: ['Gosia', 'Margaret'],
  Tomasz: ['Tomek', 'Tom'],
  Piotr: ['Piotrek', 'Peter'],
  Mateusz: ['Matt', 'Mateo'],
  Łukasz: ['Luke'],
  Michał: ['Michael', 'Mike'],
  Krzysztof: ['Chris', 'Krzys'],
  Zofia: ['Zosia', 'Sophie'],
  Zuzanna: ['Zuza', 'Susie'],
  Agnieszka: ['Aga', 'Agnes'],
  Magdalena: ['Magda'],
  Joanna: ['Asia', 'Jo'],
  Wiktoria: ['Wika', 'Vicky'],
  Dominik: ['Dom'],
  Andrzej: ['Andy', 'Andrew'],
  Paweł: ['Paul'],
  Marcin: ['Martin'],
  Grzegorz: ['Greg', 'Grzesiek'],
  Filip: ['Phil'],
  Oliwia: ['Olivia', 'Liv'],
  Natalia: ['Nat', 'Natalie'],
  Franciszek: ['Franek', 'Frank'],
  Kacper: ['Casper'],
  Antoni: ['Antek', 'Tony'],
  João: ['John'],
  José: ['Joe', 'Zé'],
  António: ['Tony'],
  Francisco: ['Chico', 'Frank'],
  Beatriz: ['Bea'],
  Guilherme: ['Gui', 'William'],
  Pedro: ['Peter'],
  Emmanuel: ['Manny'],
};

/** Other spellings of the same name, as written down by someone hearing it. */
const OTHER_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  Muhammad: ['Mohammed', 'Mohammad', 'Mohamed', 'Muhammed'],
  Mohammed: ['Muhammad', 'Mohammad', 'Mohamed', 'Mohd'],
  Mohamed: ['Mohammed', 'Muhammad'],
  Aisha: ['Ayesha', 'Aysha'],
  Ayesha: ['Aisha', 'Aysha'],
  Zara: ['Zahra', 'Zarah'],
  Yusuf: ['Yousef', 'Yusef', 'Yousuf'],
  Fatima: ['Fatimah', 'Fatma'],
  Zainab: ['Zaynab'],
  Khadija: ['Khadijah'],
  Maryam: ['Mariam'],
  Mariam: ['Maryam'],
  Hamza: ['Hamzah'],
  Ismail: ['Ismael'],
  Ibrahim: ['Ebrahim'],
  Omar: ['Umar'],
  Usman: ['Osman'],
  Ahmed: ['Ahmad'],
  Rehan: ['Rayhan'],
  Zayn: ['Zain'],
  Ayaan: ['Ayan'],
  Catherine: ['Katherine', 'Kathryn'],
  Katherine: ['Catherine', 'Kathryn'],
  Sophia: ['Sofia'],
  Sofia: ['Sophia'],
  Isabella: ['Isabela', 'Izabella'],
  Isabelle: ['Isobel', 'Isabel'],
  Stephen: ['Steven'],
  Steven: ['Stephen'],
  Philip: ['Phillip'],
  Jayden: ['Jaden', 'Jaiden'],
  Aiden: ['Aidan'],
  Lily: ['Lilly', 'Lillie'],
  Evelyn: ['Evelynn'],
  Maya: ['Maia', 'Mya'],
  Hannah: ['Hanna'],
  Hanna: ['Hannah'],
  Leah: ['Lea'],
  Layla: ['Leila', 'Laila'],
  Zoe: ['Zoey'],
  Jakub: ['Jacob'],
  Lukas: ['Lucas'],
  Oliwia: ['Olivia'],
  Oliwer: ['Oliver'],
  Wiktoria: ['Victoria'],
  Szymon: ['Simon'],
  Filip: ['Philip'],
  Aleksander: ['Alexander'],
  Aleksandra: ['Alexandra'],
  Natalia: ['Natalie'],
  Alicja: ['Alicia', 'Alice'],
  Julia: ['Julie'],
  Sarah: ['Sara'],
  Rachel: ['Rachael'],
  Gemma: ['Jemma'],
  Hayley: ['Haley'],
  Stacey: ['Stacy'],
  Kirsty: ['Kirstie'],
  Geoffrey: ['Jeffrey'],
  Sean: ['Shaun', 'Shawn'],
  Lewis: ['Louis'],
  Elliot: ['Elliott'],
  Callum: ['Calum'],
  Connor: ['Conor'],
  Finley: ['Finlay'],
  Matthew: ['Mathew'],
  Jonathan: ['Jonathon'],
};

const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = {
  q: 'wa',
  w: 'qes',
  e: 'wrd',
  r: 'etf',
  t: 'ryg',
  y: 'tuh',
  u: 'yij',
  i: 'uok',
  o: 'ipl',
  p: 'ol',
  a: 'qsz',
  s: 'adwx',
  d: 'sfec',
  f: 'dgrv',
  g: 'fhtb',
  h: 'gjyn',
  j: 'hkum',
  k: 'jli',
  l: 'ko',
  z: 'xas',
  x: 'zcs',
  c: 'xvd',
  v: 'cbf',
  b: 'vng',
  n: 'bmh',
  m: 'nj',
};

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

function titleCase(name: string): string {
  return name.replace(/(^|[\s'-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

/** One slip of the keyboard: an insertion, deletion, substitution or transposition of letters. */
function typo(name: string, random: Random): { text: string; slip: string } | null {
  const chars = [...name];
  const letters = chars.map((c, i) => (/\p{L}/u.test(c) ? i : -1)).filter((i) => i >= 0);
  if (letters.length < 2) return null;
  for (let attempt = 0; attempt < 20; attempt++) {
    const slip = pick(random, ['insertion', 'deletion', 'substitution', 'transposition'] as const);
    const at = pick(random, letters);
    const next = chars.slice();
    const original = (chars[at] ?? '').toLowerCase();
    if (slip === 'insertion') {
      const letter = random() < 0.4 ? original : pick(random, [...(KEYBOARD_NEIGHBOURS[original] ?? ALPHABET)]);
      next.splice(at + 1, 0, letter);
    } else if (slip === 'deletion') {
      if (letters.length < 3) continue;
      next.splice(at, 1);
    } else if (slip === 'substitution') {
      const letter = random() < 0.6 ? pick(random, [...(KEYBOARD_NEIGHBOURS[original] ?? ALPHABET)]) : pick(random, [...ALPHABET]);
      next[at] = chars[at] === chars[at]?.toUpperCase() ? letter.toUpperCase() : letter;
    } else {
      const other = at + 1;
      if (!letters.includes(other)) continue;
      [next[at], next[other]] = [chars[other] ?? '', chars[at] ?? ''];
    }
    const raw = next.join('');
    // A system that capitalises names ("Jonh Smith", not "jonh smith") does so after the slip too.
    const text = titleCase(name.toLowerCase()) === name ? titleCase(raw.toLowerCase()) : raw;
    if (text !== name && text.toLowerCase() !== name.toLowerCase()) return { text, slip };
  }
  return null;
}

/** Accents stripped and punctuation written differently, as an older system or a hurried hand does. */
function plainForm(name: string, random: Random): string {
  const folded = name.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L');
  const apostrophe = random() < 0.5 ? '' : ' ';
  const hyphen = random() < 0.5 ? ' ' : '';
  return folded.replace(/'/g, apostrophe).replace(/-/g, hyphen);
}

function shiftDigits(date: string, random: Random): string | null {
  const [year, month, day] = date.split('-');
  if (!year || !month || !day) return null;
  for (let attempt = 0; attempt < 30; attempt++) {
    const choice = random();
    let y = year;
    let m = month;
    let d = day;
    if (choice < 0.15) d = `${d[1]}${d[0]}`;
    else if (choice < 0.55) d = random() < 0.5 ? `${d[0]}${randomInt(random, 0, 9)}` : `${randomInt(random, 0, 3)}${d[1]}`;
    else if (choice < 0.75) m = `${m[0]}${randomInt(random, 0, 9)}`;
    else y = `${y.slice(0, 3)}${randomInt(random, 0, 9)}`;
    const candidate = `${y}-${m}-${d}`;
    const parsed = new Date(`${candidate}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== candidate) continue;
    if (candidate === date || candidate === `${year}-${day}-${month}`) continue;
    return candidate;
  }
  return null;
}

function duplicateRecord(person: GeneratedPerson): DuplicateVariant['record'] {
  return {
    sourceId: person.id,
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    postcode: person.postcode,
    sex: person.sex,
    ...(person.nhsNumber ? { nhsNumber: person.nhsNumber } : {}),
  };
}

/** One duplicate of `person` of the given kind, or null when that kind cannot apply (no short form, no NHS number). */
export function makeDuplicateVariant(person: GeneratedPerson, random: Random, kind: DuplicateKind): DuplicateVariant | null {
  const record = duplicateRecord(person);
  switch (kind) {
    case 'typo-given-name':
    case 'typo-family-name': {
      const field = kind === 'typo-given-name' ? 'givenName' : 'familyName';
      const slipped = typo(record[field], random);
      if (!slipped) return null;
      record[field] = slipped.text;
      return { kind, description: `${slipped.slip} in ${field === 'givenName' ? 'given' : 'family'} name: ${slipped.text}`, record };
    }
    case 'short-form':
    case 'other-spelling': {
      const forms = (kind === 'short-form' ? SHORT_FORMS : OTHER_SPELLINGS)[person.givenName];
      if (!forms || forms.length === 0) return null;
      record.givenName = pick(random, forms);
      return { kind, description: `${record.givenName} for ${person.givenName}`, record };
    }
    case 'swapped-names':
      record.givenName = person.familyName;
      record.familyName = person.givenName;
      return { kind, description: 'given and family names entered the wrong way round', record };
    case 'changed-family-name': {
      const names = COMMUNITIES[person.community].family;
      let familyName = names.draw(random);
      for (let tries = 0; familyName === person.familyName && tries < 20; tries++) familyName = names.draw(random);
      if (familyName === person.familyName) return null;
      record.familyName = familyNameFor(familyName, person.sex, person.role === 'adult');
      if (random() < 0.3) record.otherNames = [person.familyName];
      return { kind, description: `now ${record.familyName}${record.otherNames ? ', previous name given' : ''}`, record };
    }
    case 'missing-nhs-number':
      if (!record.nhsNumber) return null;
      delete record.nhsNumber;
      return { kind, description: 'no NHS number given', record };
    case 'day-month-swapped': {
      const [year, month, day] = person.dateOfBirth.split('-');
      if (!year || !month || !day || Number(day) > 12 || day === month) return null;
      record.dateOfBirth = `${year}-${day}-${month}`;
      return { kind, description: `date of birth ${record.dateOfBirth}`, record };
    }
    case 'dob-typo': {
      const shifted = shiftDigits(person.dateOfBirth, random);
      if (!shifted) return null;
      record.dateOfBirth = shifted;
      return { kind, description: `date of birth ${shifted}`, record };
    }
    case 'moved-house':
      record.postcode = pickPostcode(random, person.postcode);
      return { kind, description: `moved to ${record.postcode}`, record };
    case 'accents-punctuation': {
      const given = plainForm(person.givenName, random);
      const family = plainForm(person.familyName, random);
      if (given === person.givenName && family === person.familyName) return null;
      record.givenName = given;
      record.familyName = family;
      return { kind, description: `${given} ${family}`, record };
    }
  }
}

function pickPostcode(random: Random, except: string): string {
  const sameDistrict = random() < 0.4;
  const outward = except.split(' ')[0] ?? 'PE1';
  for (;;) {
    const district = sameDistrict ? outward : OUTWARD_CODES.draw(random);
    const code = `${district} ${randomInt(random, 1, 9)}${pick(random, [...INWARD_LETTERS])}${pick(random, [...INWARD_LETTERS])}`;
    if (code !== except) return code;
  }
}

/** One duplicate of every kind that applies to `person`, each labelled with its kind. */
export function makeDuplicateVariants(person: GeneratedPerson, random: Random): DuplicateVariant[] {
  return DUPLICATE_KINDS.map((kind) => makeDuplicateVariant(person, random, kind)).filter((variant) => variant !== null);
}
