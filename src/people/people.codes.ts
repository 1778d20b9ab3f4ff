/**
 * Code lists for people: sex, ethnicity, characteristics for targeting support, and family
 * relationships. Values are what we store; texts are what people see.
 *
 * Sex and ethnicity follow the DfE children in need (CIN) census and Ofsted's Annex A, so our
 * records can be returned without translation. They were read from the copies of public files in
 * ../shared/standards/uk/ (see its README for where each came from):
 *   - annex_a/annex_a_columns.csv (derived from Social Finance's liia-tools Annex A data map)
 *   - cin_census/liia_CIN_schema_2024.xsd (Social Finance's XSD for the CIN census XML)
 *   - cin_census/d2i_cin_validation_rules.csv (rules 4180 and 8750: <Sex> N00783 is M, F or U)
 */

export interface CodeOption {
  readonly value: string;
  readonly text: string;
  readonly hint?: string;
}

// ——— Sex ———

export interface SexOption extends CodeOption {
  /** The value for Ofsted Annex A lists 1 to 11 ("Gender" column), as in annex_a_columns.csv. */
  readonly annexA: string;
  /** The <GenderCurrent> code (N00007) used by CIN census returns before 2024 to 2025 (liia_CIN_schema_2024.xsd). */
  readonly cinGenderCurrent: string;
}

/**
 * Sex as recorded for the CIN census from 2024 to 2025: <Sex> (N00783) is M, F or U
 * (d2i_cin_validation_rules.csv, rules 4180 and 8750; U is also used for unborn children).
 * Our source files give the codes but not a label for U; "Not known" is ours.
 */
export const SEX: readonly SexOption[] = [
  { value: 'F', text: 'Female', annexA: 'b) Female', cinGenderCurrent: '2' },
  { value: 'M', text: 'Male', annexA: 'a) Male', cinGenderCurrent: '1' },
  { value: 'U', text: 'Not known', hint: 'Including unborn children', annexA: 'c) Not stated/recorded', cinGenderCurrent: '0' },
];

/** Ofsted Annex A "Gender" values, exactly as the Annex A template writes them (annex_a_columns.csv). */
export const ANNEX_A_GENDER: readonly CodeOption[] = [
  { value: 'a) Male', text: 'Male' },
  { value: 'b) Female', text: 'Female' },
  { value: 'c) Not stated/recorded', text: 'Not stated or recorded' },
  { value: 'd) Neither', text: 'Neither' },
];

/** CIN census <GenderCurrent> (N00007), used before 2024 to 2025, from the gendertype list in liia_CIN_schema_2024.xsd. */
export const CIN_GENDER_CURRENT: readonly CodeOption[] = [
  { value: '1', text: 'Male' },
  { value: '2', text: 'Female' },
  { value: '0', text: 'Not recorded or unborn' },
  { value: '9', text: 'Indeterminate' },
];

// ——— Ethnicity ———

export interface EthnicityOption extends CodeOption {
  /** The broad group, for showing the list in groups. */
  readonly group:
    'White' | 'Mixed or multiple ethnic groups' | 'Asian or Asian British' | 'Black or Black British' | 'Other ethnic group' | 'Not known';
}

/**
 * DfE ethnicity codes for children (the "18+1" list plus Refused and Information not yet obtained),
 * with the descriptions in the ethnicitytype list of liia_CIN_schema_2024.xsd. The same codes are
 * used in Annex A (annex_a_columns.csv), where each is preceded by a letter, such as "a) WBRI".
 * Two changes of case: "Any other mixed background" and "Any other black background" in the XSD
 * are written "Any other Mixed background" and "Any other Black background", as in the Annex A data
 * map (liia_annex_a_data-map.yml), which has the same texts otherwise.
 */
export const ETHNICITIES: readonly EthnicityOption[] = [
  { value: 'WBRI', text: 'White British', group: 'White' },
  { value: 'WIRI', text: 'White Irish', group: 'White' },
  { value: 'WIRT', text: 'Traveller of Irish heritage', group: 'White' },
  { value: 'WOTH', text: 'Any other White background', group: 'White' },
  { value: 'WROM', text: 'Gypsy/Roma', group: 'White' },
  { value: 'MWBC', text: 'White and Black Caribbean', group: 'Mixed or multiple ethnic groups' },
  { value: 'MWBA', text: 'White and Black African', group: 'Mixed or multiple ethnic groups' },
  { value: 'MWAS', text: 'White and Asian', group: 'Mixed or multiple ethnic groups' },
  { value: 'MOTH', text: 'Any other Mixed background', group: 'Mixed or multiple ethnic groups' },
  { value: 'AIND', text: 'Indian', group: 'Asian or Asian British' },
  { value: 'APKN', text: 'Pakistani', group: 'Asian or Asian British' },
  { value: 'ABAN', text: 'Bangladeshi', group: 'Asian or Asian British' },
  { value: 'AOTH', text: 'Any other Asian background', group: 'Asian or Asian British' },
  { value: 'BCRB', text: 'Caribbean', group: 'Black or Black British' },
  { value: 'BAFR', text: 'African', group: 'Black or Black British' },
  { value: 'BOTH', text: 'Any other Black background', group: 'Black or Black British' },
  { value: 'CHNE', text: 'Chinese', group: 'Other ethnic group' },
  { value: 'OOTH', text: 'Any other ethnic group', group: 'Other ethnic group' },
  { value: 'REFU', text: 'Refused', group: 'Not known' },
  { value: 'NOBT', text: 'Information not yet obtained', group: 'Not known' },
];

// ——— Characteristics for targeting support ———

/**
 * Characteristics the partnership uses to target support and to report on who it reaches.
 * A person can have any number of them. Values are stable: they are stored and reported on.
 */
export const CHARACTERISTICS: readonly CodeOption[] = [
  { value: 'learning_disability', text: 'Learning disability' },
  {
    value: 'send_support',
    text: 'SEN support',
    hint: 'Special educational needs support at school or college, without an education, health and care (EHC) plan',
  },
  { value: 'ehc_plan', text: 'Education, health and care (EHC) plan' },
  {
    value: 'neurodevelopmental_needs',
    text: 'Neurodevelopmental needs',
    hint: 'For example autism or ADHD, diagnosed or waiting for an assessment',
  },
  { value: 'lgbtq', text: 'LGBTQ+', hint: 'Only record this if the young person has chosen to tell you and agrees to it being recorded' },
  { value: 'english_additional_language', text: 'English as an additional language' },
  { value: 'sensory_impairment', text: 'Sensory impairment', hint: 'For example a hearing or vision impairment' },
  { value: 'neet', text: 'Not in education, employment or training (NEET)' },
  { value: 'child_in_care', text: 'Child in care', hint: 'Looked after by a local authority' },
  { value: 'child_in_need', text: 'Child in need', hint: 'Supported under section 17 of the Children Act 1989' },
  { value: 'child_protection_plan', text: 'Child protection plan' },
  {
    value: 'young_carer',
    text: 'Young carer',
    hint: 'Helps look after a family member who is ill or disabled, or who misuses drugs or alcohol',
  },
  { value: 'refugee_or_asylum_seeker', text: 'Refugee or asylum seeker', hint: 'Including unaccompanied children seeking asylum' },
  {
    value: 'adverse_childhood_experiences',
    text: 'Adverse childhood experiences (ACEs)',
    hint: 'For example domestic abuse, or a parent’s mental ill health or substance misuse',
  },
];

// ——— Family relationships ———

export interface RelationshipOption extends CodeOption {
  /**
   * The relationship the other way round: if A is B's parent, B is A's child. The same value for
   * symmetric relationships (siblings, partners). Missing where there is no single inverse: a
   * carer's relationship to the child they care for, for example.
   */
  readonly inverse?: string;
}

/** How one person in a family is related to another: "[person] is [related person]'s [text]". */
export const RELATIONSHIPS: readonly RelationshipOption[] = [
  { value: 'parent', text: 'Parent', inverse: 'child' },
  { value: 'step_parent', text: 'Step-parent', inverse: 'step_child' },
  { value: 'carer', text: 'Carer' },
  {
    value: 'kinship_carer',
    text: 'Kinship carer',
    hint: 'A relative or friend who looks after a child who cannot live with their parents',
  },
  { value: 'foster_carer', text: 'Foster carer' },
  { value: 'sibling', text: 'Brother or sister', inverse: 'sibling' },
  { value: 'half_sibling', text: 'Half-brother or half-sister', inverse: 'half_sibling' },
  { value: 'step_sibling', text: 'Stepbrother or stepsister', inverse: 'step_sibling' },
  { value: 'grandparent', text: 'Grandparent', inverse: 'grandchild' },
  { value: 'aunt_or_uncle', text: 'Aunt or uncle', inverse: 'niece_or_nephew' },
  { value: 'partner', text: 'Partner (of a parent)', inverse: 'partner' },
  { value: 'child', text: 'Child', inverse: 'parent' },
  { value: 'step_child', text: 'Stepchild', inverse: 'step_parent' },
  { value: 'grandchild', text: 'Grandchild', inverse: 'grandparent' },
  { value: 'niece_or_nephew', text: 'Niece or nephew', inverse: 'aunt_or_uncle' },
  { value: 'other_relative', text: 'Other relative', inverse: 'other_relative' },
  {
    value: 'significant_adult',
    text: 'Significant adult (not related)',
    hint: 'For example a family friend or neighbour who is important to the child',
  },
];

/** The inverse of a relationship value, or undefined if it has none or is not a known value. */
export function inverseRelationship(value: string): string | undefined {
  return RELATIONSHIPS.find((item) => item.value === value)?.inverse;
}

/** The text for a stored code, or the code itself if it is not in the list (an old or imported value). */
export function codeText(options: readonly CodeOption[], value: string): string {
  return options.find((item) => item.value === value)?.text ?? value;
}
