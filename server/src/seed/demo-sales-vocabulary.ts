// Words and shapes for the demo sales team: the extra pipelines and their stages, the territories
// and who works them, what deals are called and why they are lost, where leads come from, the
// lead settings an admin would have made. demo-sales.ts and demo-leads.ts use them.

/** A stage as Settings → Pipelines makes it (the default pipeline's are in migration 0025). */
export interface StageDef {
  name: string;
  probability: number;
  kind: 'open' | 'won' | 'lost';
  forecastCategory: string | null;
  rottingDays: number | null;
  requiredFields: string[];
}

export const extraPipelines: Array<{
  key: 'renewals' | 'partners';
  name: string;
  description: string;
  stages: StageDef[];
}> = [
  {
    key: 'renewals',
    name: 'Renewals',
    description: 'Yearly renewals of existing customers, opened about ten weeks before the contract ends.',
    stages: [
      {
        name: 'Upcoming',
        probability: 60,
        kind: 'open',
        forecastCategory: 'pipeline',
        rottingDays: 30,
        requiredFields: [],
      },
      {
        name: 'In conversation',
        probability: 75,
        kind: 'open',
        forecastCategory: 'bestCase',
        rottingDays: 14,
        requiredFields: [],
      },
      {
        name: 'Quote sent',
        probability: 90,
        kind: 'open',
        forecastCategory: 'commit',
        rottingDays: 10,
        requiredFields: ['amount', 'expectedCloseDate'],
      },
      {
        name: 'Renewed',
        probability: 100,
        kind: 'won',
        forecastCategory: null,
        rottingDays: null,
        requiredFields: ['amount'],
      },
      {
        name: 'Churned',
        probability: 0,
        kind: 'lost',
        forecastCategory: null,
        rottingDays: null,
        requiredFields: ['lostReason'],
      },
    ],
  },
  {
    key: 'partners',
    name: 'Partners',
    description: 'Resellers, referral and implementation partners.',
    stages: [
      {
        name: 'Intro',
        probability: 10,
        kind: 'open',
        forecastCategory: 'pipeline',
        rottingDays: 21,
        requiredFields: [],
      },
      {
        name: 'Joint pitch',
        probability: 30,
        kind: 'open',
        forecastCategory: 'pipeline',
        rottingDays: 21,
        requiredFields: [],
      },
      {
        name: 'Partner proposal',
        probability: 60,
        kind: 'open',
        forecastCategory: 'bestCase',
        rottingDays: 14,
        requiredFields: ['amount'],
      },
      {
        name: 'Contract',
        probability: 80,
        kind: 'open',
        forecastCategory: 'commit',
        rottingDays: 14,
        requiredFields: ['amount', 'expectedCloseDate'],
      },
      {
        name: 'Signed',
        probability: 100,
        kind: 'won',
        forecastCategory: null,
        rottingDays: null,
        requiredFields: ['amount'],
      },
      {
        name: 'Declined',
        probability: 0,
        kind: 'lost',
        forecastCategory: null,
        rottingDays: null,
        requiredFields: ['lostReason'],
      },
    ],
  },
];

/** Who works a territory, by demo user name (the admin is no one's rep). */
export interface TerritoryDef {
  name: string;
  parent: string | null;
  description: string;
  countries?: string[];
  regions?: string[];
  reps: string[];
  managers: string[];
}

export const demoTerritories: TerritoryDef[] = [
  {
    name: 'Europe',
    parent: null,
    description: 'Everything sold from the European office.',
    reps: [],
    managers: ['Marta Lindqvist'],
  },
  {
    name: 'DACH',
    parent: 'Europe',
    description: 'Germany, Austria and Switzerland.',
    countries: ['DE', 'AT', 'CH'],
    reps: ['Jonas Weber'],
    managers: ['Marta Lindqvist'],
  },
  {
    name: 'Germany',
    parent: 'DACH',
    description: 'German accounts outside Bavaria.',
    countries: ['DE'],
    reps: ['Jonas Weber'],
    managers: [],
  },
  {
    name: 'Bavaria',
    parent: 'Germany',
    description: 'Munich and the south: the biggest German cluster.',
    regions: ['Bayern'],
    reps: ['Jonas Weber', 'Marta Lindqvist'],
    managers: [],
  },
  {
    name: 'Nordics',
    parent: 'Europe',
    description: 'Sweden, Norway, Denmark, Finland.',
    countries: ['SE', 'NO', 'DK', 'FI'],
    reps: ['Marta Lindqvist'],
    managers: [],
  },
  {
    name: 'UK & Ireland',
    parent: 'Europe',
    description: 'Britain and Ireland.',
    countries: ['GB', 'IE'],
    reps: ['Priya Raman'],
    managers: ['Marta Lindqvist'],
  },
  {
    name: 'Southern Europe',
    parent: 'Europe',
    description: 'France, Spain, Italy and Portugal.',
    countries: ['FR', 'ES', 'IT', 'PT'],
    reps: ['Jonas Weber', 'Priya Raman'],
    managers: [],
  },
  {
    name: 'Benelux',
    parent: 'Europe',
    description: 'Belgium, the Netherlands, Luxembourg.',
    countries: ['NL', 'BE', 'LU'],
    reps: ['Priya Raman'],
    managers: [],
  },
  {
    name: 'North America',
    parent: null,
    description: 'The United States and Canada, worked from London for now.',
    countries: ['US', 'CA'],
    reps: ['Priya Raman'],
    managers: ['Marta Lindqvist'],
  },
];

/** The plans sold, with a list price per seat and year in EUR. */
export const plans: Array<readonly [string, number, number]> = [
  // [name, price per seat, weight]
  ['Starter', 240, 3],
  ['Kith Cloud', 480, 6],
  ['Enterprise', 900, 2],
];
export const addOns = ['Analytics add-on', 'API package', 'Premium support', 'Onboarding package'];

export const partnerDeals = [
  'reseller agreement',
  'referral partnership',
  'implementation partner',
  'co-marketing deal',
];

export const lostReasonWeights: Record<'sales' | 'renewals' | 'partners', Array<readonly [string, number]>> = {
  sales: [
    ['price', 18],
    ['competitor', 22],
    ['noBudget', 14],
    ['noDecision', 16],
    ['timing', 10],
    ['productFit', 8],
    ['unresponsive', 10],
    ['other', 2],
  ],
  renewals: [
    ['price', 25],
    ['competitor', 25],
    ['noBudget', 20],
    ['productFit', 15],
    ['other', 15],
  ],
  partners: [
    ['noDecision', 30],
    ['productFit', 25],
    ['timing', 25],
    ['unresponsive', 20],
  ],
};

export const lostNotes: Record<string, string[]> = {
  price: [
    'Budget capped below our offer even with the multi-year discount.',
    'Procurement insisted on 30% off; we stopped at 15%.',
  ],
  competitor: [
    'Chose {competitor}: already in use in their US office.',
    'Went with {competitor} after a cheaper pilot.',
  ],
  noBudget: ['Budget frozen for the rest of the year.', 'New CFO cut all software projects.'],
  noDecision: [
    'The steering committee never met; project shelved.',
    'Stuck between IT and sales leadership, no owner.',
  ],
  timing: [
    'Revisit after their ERP migration next year.',
    'Reorganisation first; asked us to come back in six months.',
  ],
  productFit: [
    'Needed on-premise installation on their own hardware.',
    'Missing a connector to their telephony system.',
  ],
  unresponsive: ['No reply to the last four follow-ups.', 'Champion left the company; nobody picked it up.'],
  other: ['Company was acquired; the parent has a group licence elsewhere.'],
};

export const nextSteps = [
  'Send the revised proposal',
  'Demo for the IT team',
  'Call with procurement',
  'Security questionnaire due',
  'Reference call with an existing customer',
  'Pricing call with the CFO',
  'Trial kick-off',
  'Contract review with legal',
  'Follow up after their board meeting',
];

export const dealContactRoleWeights: Array<readonly [string, number]> = [
  ['economicBuyer', 3],
  ['technicalBuyer', 4],
  ['influencer', 5],
  ['user', 4],
  ['blocker', 1],
];

// ---- leads ----

export const leadSourceWeights: Array<readonly [string, number]> = [
  ['website', 34],
  ['advertising', 12],
  ['social', 9],
  ['event', 12],
  ['referral', 11],
  ['partner', 8],
  ['coldCall', 9],
  ['other', 5],
];

/** A deal's source (the companies' list) as the lead's (the leads' list). */
export const leadSourceOf: Record<string, string> = {
  website: 'website',
  referral: 'referral',
  event: 'event',
  advertising: 'advertising',
  partner: 'partner',
  'cold outreach': 'coldCall',
  social: 'social',
};

export const utmBySource: Record<string, Array<{ source: string; medium: string; referrer: string | null }>> = {
  website: [
    { source: 'google', medium: 'organic', referrer: 'https://www.google.com/' },
    { source: 'newsletter', medium: 'email', referrer: null },
    { source: 'bing', medium: 'organic', referrer: 'https://www.bing.com/' },
    { source: 'g2', medium: 'referral', referrer: 'https://www.g2.com/categories/crm' },
  ],
  advertising: [
    { source: 'google', medium: 'cpc', referrer: 'https://www.google.com/' },
    { source: 'linkedin', medium: 'paid-social', referrer: 'https://www.linkedin.com/' },
    { source: 'capterra', medium: 'cpc', referrer: 'https://www.capterra.com/' },
  ],
  social: [
    { source: 'linkedin', medium: 'social', referrer: 'https://www.linkedin.com/' },
    { source: 'mastodon', medium: 'social', referrer: 'https://mastodon.social/' },
    { source: 'youtube', medium: 'video', referrer: 'https://www.youtube.com/' },
  ],
};

export const utmCampaigns = [
  'crm-switch',
  'analytics-launch',
  'self-hosted-crm',
  'gdpr-crm',
  'webinar-pipeline',
  'spring-offer',
];
export const utmTerms = [
  'self hosted crm',
  'crm for small business',
  'pipedrive alternative',
  'open source crm',
  'gdpr crm',
];
export const landingPages = [
  '/pricing',
  '/features/pipelines',
  '/demo',
  '/self-hosted',
  '/compare/hubspot',
  '/contact',
];
export const visitedPages = [
  '/pricing',
  '/features',
  '/features/forecasting',
  '/blog/sales-pipeline-stages',
  '/customers',
  '/security',
  '/docs/api',
];

export const leadMessages = [
  'We are {n} people in sales and outgrew our spreadsheets. Could we see a demo?',
  'Looking for a CRM we can host ourselves (GDPR). What does pricing look like for {n} users?',
  'Currently on {competitor}, contract ends in the autumn. Interested in a comparison.',
  'Do you offer a trial? We would like to import about 20,000 contacts.',
  'Please send information about the Enterprise plan and SSO.',
  'Met you at a conference, would like to continue the conversation.',
];

export const disqualifiedReasons = [
  'Student project, no budget',
  'Too small: a single user',
  'Looking for a job, not software',
  'Existing customer (routed to support)',
  'Competitor researching our pricing',
  'Outside our markets',
  'Spam',
  'No budget before next year',
];

/** What an admin would have set up in Settings → Leads → Scoring. */
export const demoFieldRules = [
  {
    label: 'Software or consulting company',
    conditions: {
      op: 'or' as const,
      conditions: [
        { field: 'industry', cmp: 'eq' as const, value: 'Software' },
        { field: 'industry', cmp: 'eq' as const, value: 'Consulting' },
      ],
    },
    points: 10,
  },
  {
    label: 'Came through a referral',
    conditions: { op: 'and' as const, conditions: [{ field: 'source', cmp: 'eq' as const, value: 'referral' }] },
    points: 15,
  },
  {
    label: 'Came from a partner',
    conditions: { op: 'and' as const, conditions: [{ field: 'source', cmp: 'eq' as const, value: 'partner' }] },
    points: 10,
  },
  {
    label: 'A decision maker',
    conditions: {
      op: 'or' as const,
      conditions: [
        { field: 'jobTitle', cmp: 'startsWith' as const, value: 'Head of' },
        { field: 'jobTitle', cmp: 'startsWith' as const, value: 'VP' },
        { field: 'jobTitle', cmp: 'eq' as const, value: 'CEO' },
      ],
    },
    points: 8,
  },
];

export const adjustmentNotes = [
  'Two of the Negotiation deals slip to next quarter: procurement is on holiday. Commit lowered.',
  'Verbal yes from the large account in Munich; paperwork next week. Commit raised.',
  'Best case includes the renewal expansion we discussed in the pipeline review.',
];

/** The default pipeline's stages (migration 0025), for a database whose admin deleted it. */
export const defaultSalesStages: StageDef[] = [
  {
    name: 'Qualification',
    probability: 10,
    kind: 'open',
    forecastCategory: 'pipeline',
    rottingDays: 14,
    requiredFields: [],
  },
  {
    name: 'Needs analysis',
    probability: 25,
    kind: 'open',
    forecastCategory: 'pipeline',
    rottingDays: 21,
    requiredFields: [],
  },
  {
    name: 'Proposal',
    probability: 50,
    kind: 'open',
    forecastCategory: 'bestCase',
    rottingDays: 14,
    requiredFields: ['amount'],
  },
  {
    name: 'Negotiation',
    probability: 75,
    kind: 'open',
    forecastCategory: 'commit',
    rottingDays: 10,
    requiredFields: ['amount', 'expectedCloseDate'],
  },
  { name: 'Won', probability: 100, kind: 'won', forecastCategory: null, rottingDays: null, requiredFields: ['amount'] },
  {
    name: 'Lost',
    probability: 0,
    kind: 'lost',
    forecastCategory: null,
    rottingDays: null,
    requiredFields: ['lostReason'],
  },
];
