// The words of the demo team's history: what a call was about and how it went, the emails of a
// thread, what a meeting is called, what is on someone's to-do list. Placeholders: {first} (the
// contact's first name), {company} (their company, or "your team"), {me} (the user's first name),
// {product}, {n}, {weekday}, {issue}, {competitor}, {event}.

/** What a stretch of work with one contact is about; chosen from their lifecycle stage and the user's role. */
export type Scenario = 'outreach' | 'evaluation' | 'account' | 'support' | 'winback' | 'nurture';

export interface EmailThread {
  subject: string;
  /** An opener: only to someone not yet in touch. */
  first?: boolean;
  /** What the user wrote (2–4 sentences). */
  sent: string;
  /** The contact's answer, when there is one. */
  reply: string;
}

export interface Talk {
  subject: string;
  /** An opener: only to someone not yet in touch. */
  first?: boolean;
  /** What was said on a call that connected (a short note as someone types it after the call). */
  notes: string[];
}

export interface ScenarioWords {
  calls: Talk[];
  /** Emails the user starts; the contact answers in the same thread. */
  threads: EmailThread[];
  /** Emails the contact starts; the user answers. */
  inbound: Array<{ subject: string; asks: string; answer: string; first?: boolean }>;
  meetings: Array<{ subject: string; description: string }>;
  tasks: string[];
}

/** A voicemail left, as the note says it; a call with no one at the other end mostly has none. */
export const voicemailNotes = [
  'Left a voicemail asking {first} to call back.',
  'Voicemail: mentioned the {product} offer, will follow up by email.',
  'Left a short message, will try again {weekday}.',
  'Reached voicemail again. Sent a calendar link by email instead.',
];
export const noAnswerNotes = ['No answer, will try again later.', 'Rang out.', 'Phone off, try again tomorrow.'];
export const busyNotes = ['Line busy.', 'Busy, try again in the afternoon.'];
export const wrongNumberNotes = [
  'Number belongs to someone else now. Asked {first} for the new one by email.',
  'Reception says {first} is no longer on this extension.',
];

export const scenarioWords: Record<Scenario, ScenarioWords> = {
  outreach: {
    calls: [
      {
        subject: 'Intro call',
        first: true,
        notes: [
          'Short intro with {first}. They track deals in {competitor} and are unhappy with reporting. Agreed to a demo {weekday}.',
          '{first} picked up between meetings. Interested in principle, asked for a one-pager and pricing for about {n} users.',
          'Good first conversation. {first} owns the tooling budget; decision expected next quarter.',
        ],
      },
      {
        subject: 'Follow-up on the webinar',
        notes: [
          '{first} attended {event} and liked the pipeline views. Wants to bring a colleague to a demo.',
          'Talked through their current process. Main pain is duplicate contacts across teams.',
        ],
      },
      {
        subject: 'Qualification call',
        notes: [
          'Qualified: {n} seats, budget approved for H2, {first} is the champion but IT signs off.',
          '{first} is early in the search and comparing three vendors. Will send our comparison sheet.',
          'Not a fit right now — they are mid-migration. Check back in three months.',
        ],
      },
    ],
    threads: [
      {
        subject: 'Kith for {company}',
        first: true,
        sent: 'I saw that {company} is growing its sales team and thought a short introduction might be useful. Teams your size often move to {product} when spreadsheets and {competitor} stop keeping up. Would a 20-minute call on {weekday} work for you?',
        reply:
          'Thanks for reaching out. We are indeed reviewing our CRM set-up this quarter. {weekday} afternoon works for me — please send an invite.',
      },
      {
        subject: 'Following up on {event}',
        first: true,
        sent: 'It was good to meet you at {event}. As promised, here is the short overview of how our customers run their pipeline in Kith. Happy to walk you through it live whenever suits you.',
        reply:
          'Great to hear from you. I have shared the overview with my team lead. Could we look at it together one morning next week?',
      },
      {
        subject: 'Quick question about your pipeline reporting',
        first: true,
        sent: 'I noticed {company} is hiring several account executives. How do you currently forecast across the team? We have helped similar companies cut their weekly reporting time in half.',
        reply:
          "Forecasting is a sore point, to be honest — it's mostly manual at the moment. I would be open to a short demo.",
      },
      {
        subject: 'Case study: moving off {competitor}',
        sent: 'You mentioned {competitor} is becoming expensive for a team of {n}. Attached is a short case study from a company that switched last year, including how long the migration took. Let me know if it raises any questions.',
        reply:
          'Thanks, that is helpful. The migration timeline is our main worry, so I will read it with our ops lead.',
      },
    ],
    inbound: [
      {
        subject: 'Pricing for a team of {n}',
        first: true,
        answer:
          'Thanks for getting in touch. For {n} users the {product} is usually the best fit; I have attached the price list and a short comparison. Would you like a call to go through your requirements?',
        asks: 'We are looking for a CRM for about {n} people and found Kith through a colleague. Could you send pricing and tell us whether you offer EU hosting?',
      },
      {
        subject: 'Demo request',
        first: true,
        answer:
          'Thank you for the request. I have a few slots on {weekday} and Thursday morning — I will send an invitation for the one that suits you.',
        asks: 'I filled in the form on your website yesterday. We would like to see a demo focused on pipeline reporting and email logging.',
      },
    ],
    meetings: [
      {
        subject: 'Discovery call — {company}',
        description:
          'Understand their current process, team size and decision timeline. Agenda: introductions, current tools, pain points, next steps.',
      },
      {
        subject: 'Kith demo for {company}',
        description: 'Demo of pipelines, reporting and email logging for {first} and team.',
      },
      { subject: 'Intro: Kith × {company}', description: 'First conversation, 30 minutes.' },
    ],
    tasks: [
      'Follow up with {first} about the demo',
      'Send {first} the one-pager and price list',
      'Call {first} again',
      'Connect with {first} on LinkedIn',
      'Research {company} before the discovery call',
      'Send the case study to {first}',
    ],
  },
  evaluation: {
    calls: [
      {
        subject: 'Proposal walkthrough',
        notes: [
          'Went through the proposal with {first}. Questions on SSO and the API limits; will answer in writing.',
          '{first} is happy with scope but wants the price closer to {competitor}. Discussed a two-year term.',
          'Walked through the numbers. Legal review starts {weekday}; target signature end of month.',
        ],
      },
      {
        subject: 'Technical questions',
        notes: [
          'Call with {first} and their IT lead about data import and SSO. All covered; sending the security pack.',
          '{first} asked how we handle GDPR deletion requests. Explained retention settings and the DPA.',
        ],
      },
      {
        subject: 'Negotiation',
        notes: [
          'Agreed on {n} seats with a ramp in Q3. {first} will get sign-off from finance this week.',
          'Procurement wants net 60 payment terms. Said we can do net 45; {first} to confirm.',
          '{first} needs the order form in their template. Sent ours, they will redline it.',
        ],
      },
    ],
    threads: [
      {
        subject: 'Proposal for {company}',
        sent: 'Thank you for the time today. Attached is our proposal for {product} with {n} seats and onboarding included. I have also added the answers to the security questions your IT team raised.',
        reply:
          'Thanks, received. I will take this to our budget meeting on {weekday} and come back to you with feedback by the end of the week.',
      },
      {
        subject: 'Next steps after the demo',
        sent: 'Thanks again for the demo session. As discussed, I have set up a trial workspace for your team and invited the people you named. Shall we check in after a week to see how it is going?',
        reply: 'The team has started using the trial and the first impressions are good. A check-in next week works.',
      },
      {
        subject: 'Order form and DPA',
        sent: 'Please find the order form and our data processing agreement attached. Once both are signed we can start onboarding within a week. Let me know if your legal team has any questions.',
        reply:
          'Our legal team has a couple of small changes to the DPA; I will send the redlined version tomorrow. Otherwise we are good to go.',
      },
      {
        subject: 'Re: pricing',
        sent: 'I spoke with our finance team about your request. We can offer a 10% discount on a two-year agreement, which brings {product} in line with what you budgeted. The offer stands until the end of the month.',
        reply: 'That helps a lot, thank you. I will present it to our CFO on {weekday}.',
      },
    ],
    inbound: [
      {
        subject: 'Questions about the trial',
        asks: 'We have been using the trial for a few days. Is it possible to import our existing deals with their stage history, and can we restrict who sees which pipeline?',
        answer:
          'Good questions — yes to both. Stage history comes across with the CSV import, and pipelines can be limited per team. I have put a short guide together for you.',
      },
      {
        subject: 'Security questionnaire',
        asks: 'Our IT security team has sent over their standard vendor questionnaire. Could you fill it in by the end of next week?',
        answer:
          'Of course. I have filled in what I can and passed the remaining questions to our security lead; you will have everything by {weekday}.',
      },
    ],
    meetings: [
      {
        subject: 'Proposal review with {company}',
        description: 'Walk through the proposal, answer open questions, agree on next steps and timeline.',
      },
      {
        subject: 'Technical deep dive — {company} IT',
        description: 'SSO, data import, API and security questions with their IT team.',
      },
      {
        subject: 'Trial check-in — {company}',
        description: 'How is the trial going, what is missing, who else should join.',
      },
      { subject: 'Contract discussion', description: 'Commercial terms and order form with {first} and procurement.' },
    ],
    tasks: [
      'Send the revised proposal to {first}',
      'Answer the security questionnaire from {company}',
      'Prepare the order form for {company}',
      'Check trial usage at {company}',
      'Get legal approval for the DPA changes',
      'Follow up on the proposal with {first}',
    ],
  },
  account: {
    calls: [
      {
        subject: 'Check-in call',
        notes: [
          'Regular check-in with {first}. Adoption is good; they want training for {n} new hires.',
          '{first} is happy overall. Asked about the roadmap for mobile; promised to share it.',
          'Quick catch-up. No issues; {first} mentioned a possible expansion to the service team.',
        ],
      },
      {
        subject: 'Renewal',
        notes: [
          'Renewal confirmed verbally for another year. {first} wants to add {n} seats from next quarter.',
          '{first} asked for a multi-year option. Will send numbers for two and three years.',
          'Renewal is at risk — budget freeze until Q3. Offered to move the start date.',
        ],
      },
      {
        subject: 'Expansion opportunity',
        notes: [
          '{first} wants to roll out {product} to the marketing team as well. Sending a quote.',
          'They are opening an office in a new country and will need more seats. Follow up next month.',
        ],
      },
    ],
    threads: [
      {
        subject: 'Your renewal',
        sent: 'Your subscription renews at the end of next month. I have attached the renewal quote, which includes the {n} extra seats we discussed. Let me know if anything should change before then.',
        reply: 'Thanks for the reminder. The quote looks right; I have forwarded it to our accounts payable team.',
      },
      {
        subject: 'Quarterly business review',
        sent: 'It is time for our quarterly review. I would like to go through adoption, open requests and your plans for next quarter. Would {weekday} at 10:00 work for you and your team?',
        reply: '{weekday} works well. I will bring our sales ops lead; could you include last quarter’s usage numbers?',
      },
      {
        subject: 'Training for new team members',
        sent: 'You mentioned new people joining the sales team next month. We run a free onboarding session every Tuesday, and I can also set up a dedicated one for {company}. Just let me know how many people to expect.',
        reply: 'A dedicated session would be great — there will be about {n} people. Early in the month is best.',
      },
      {
        subject: 'New in Kith this month',
        sent: 'A quick note on what is new: the reporting views you asked about are now live, along with faster CSV exports. I would be happy to show your team in ten minutes on our next call.',
        reply: 'Nice — the team has been waiting for the reporting views. Let us look at them on our next call.',
      },
    ],
    inbound: [
      {
        subject: 'Adding users',
        asks: 'We are hiring {n} new account managers. Could you send a quote for the additional seats, and can they be added before the end of the month?',
        answer:
          'Congratulations on the growth! The quote is attached; once it is signed the seats are available straight away.',
      },
      {
        subject: 'Invoice question',
        asks: 'Our finance team noticed the last invoice has a different VAT number from our records. Could you check and send a corrected copy?',
        answer: 'Sorry about that — I have asked our billing team to reissue it with the correct VAT number today.',
      },
    ],
    meetings: [
      {
        subject: 'Quarterly business review — {company}',
        description: 'Adoption, open requests, plans for next quarter.',
      },
      { subject: 'Renewal discussion — {company}', description: 'Renewal terms, seat count and multi-year options.' },
      { subject: 'Account planning with {first}', description: 'Roll-out to further teams and next year’s goals.' },
      {
        subject: 'Onboarding session for new users',
        description: 'One-hour training for the new team members at {company}.',
      },
    ],
    tasks: [
      'Send the renewal quote to {first}',
      'Prepare the QBR deck for {company}',
      'Share the product roadmap with {first}',
      'Schedule training for new users at {company}',
      'Check account health for {company}',
      'Send the multi-year pricing to {first}',
    ],
  },
  support: {
    calls: [
      {
        subject: 'Support: {issue}',
        notes: [
          'Walked {first} through the workaround for {issue}. Fixed for now; engineering ticket open.',
          'Screen-shared with {first}. Root cause was a configuration change on their side; fixed together.',
          '{first} still sees the problem after the update. Collected logs and escalated to engineering.',
        ],
      },
      {
        subject: 'Onboarding help',
        notes: [
          'Helped {first} set up pipelines and user roles. They will invite the rest of the team this week.',
          'Import question: mapped their custom fields together and ran a test import of {n} rows.',
        ],
      },
    ],
    threads: [
      {
        subject: 'Update on {issue}',
        sent: 'A quick update: our engineers found the cause and a fix is going out in tomorrow’s release. Until then, the workaround we discussed keeps things running. I will confirm once the fix is live.',
        reply: 'Thanks for keeping us posted. The workaround is fine for now; we will test as soon as the fix is out.',
      },
      {
        subject: 'How is everything going?',
        sent: 'It has been a couple of weeks since we fixed the problem with {issue}. I wanted to check that everything is still running smoothly on your side. Is there anything else we can help with?',
        reply: 'All good since the fix, thank you. The team is much happier with the exports now.',
      },
    ],
    inbound: [
      {
        subject: 'Problem: {issue}',
        asks: 'Since this morning several of our users are affected by {issue}. It is blocking the sales team, so we would appreciate a quick answer. Screenshots are attached.',
        answer:
          'Thanks for the details and screenshots. I can reproduce it and have escalated it to our engineering team as high priority. In the meantime, the steps below should get your users working again.',
      },
      {
        subject: 'Question about user permissions',
        asks: 'How can we make sure our support team sees only the contacts of their own region? We tried with teams but something is not right.',
        answer:
          'Team scopes are the right tool for this. I have written down the three settings to change; I am also happy to do it with you on a short call.',
      },
      {
        subject: 'Import failed with a date error',
        asks: 'The CSV import stopped halfway with an error about the date format. Could you take a look? The file is attached.',
        answer:
          'The dates in the file use two formats. If you pick day/month/year in the import settings, the rest of the rows go through. I have tested it with your file.',
      },
    ],
    meetings: [
      {
        subject: 'Troubleshooting session — {company}',
        description: 'Screen share to look into {issue} together with their admin.',
      },
      {
        subject: 'Admin training for {company}',
        description: 'Roles, teams, custom fields and imports for their admins.',
      },
      { subject: 'Support review with {first}', description: 'Open tickets and satisfaction, monthly.' },
    ],
    tasks: [
      'Check with {first} that the fix works',
      'Send {first} the steps for the workaround',
      'Escalate {issue} to engineering',
      'Write a help article about {issue}',
      'Close the ticket for {company} once confirmed',
    ],
  },
  winback: {
    calls: [
      {
        subject: 'Win-back call',
        notes: [
          '{first} left for {competitor} last year, which is too expensive for them now. Open to a conversation in Q3.',
          'Caught up with {first}. They are happy where they are for now; asked us to stay in touch.',
          '{first} mentioned the contract with {competitor} ends in {n} days. Booked a demo of what is new.',
        ],
      },
    ],
    threads: [
      {
        subject: 'A lot has changed at Kith',
        sent: 'It has been a while since {company} used Kith, and we have shipped much of what you asked for back then — including the reporting views and better imports. Would you be open to a short call to see what is new?',
        reply: 'Thanks for thinking of us. Our current contract runs until the autumn, but I am happy to have a look.',
      },
      {
        subject: 'Special offer for returning customers',
        sent: 'We are offering former customers three months free when they come back on an annual plan. Your old data can be restored if you want it. Let me know if it is worth a conversation.',
        reply: 'Interesting offer. Let me talk to my manager and get back to you next week.',
      },
    ],
    inbound: [],
    meetings: [{ subject: 'What’s new in Kith — {company}', description: 'Catch-up and demo of the latest features.' }],
    tasks: ['Check in with {first} before their contract ends', 'Send the win-back offer to {first}'],
  },
  nurture: {
    calls: [
      {
        subject: 'Webinar follow-up',
        notes: ['{first} liked the webinar and asked for the slides. Passed the lead to sales.'],
      },
    ],
    threads: [
      {
        subject: 'Your invitation: {event}',
        sent: 'We would love to see you at {event}. We will share how teams like yours organise their pipeline, with plenty of time for questions. Seats are limited, so reply to this email to reserve yours.',
        reply: 'Thanks for the invitation — please reserve a seat for me and one colleague.',
      },
      {
        subject: 'The slides from our webinar',
        sent: 'Thank you for joining our webinar last week. Here are the slides and the recording, as promised. If you would like to see how this works for {company}, just reply and I will put you in touch with our team.',
        reply: 'Thank you for the slides. I would be interested in a short demo for our team.',
      },
    ],
    inbound: [
      {
        subject: 'Newsletter',
        asks: 'Could you change the address your newsletter goes to? I have moved teams and would like to receive it at my new address.',
        answer: 'Done — you will receive the next issue at your new address. Thanks for letting us know.',
      },
    ],
    meetings: [{ subject: 'Webinar prep with {first}', description: 'Guest speaker briefing for the next webinar.' }],
    tasks: [
      'Send the webinar recording to {first}',
      'Invite {first} to {event}',
      'Pass {first} to sales as a qualified lead',
    ],
  },
};

/** The team's recurring internal meetings (weekly, in the organizer's zone). */
export const internalMeetings = [
  {
    subject: 'Sales pipeline review',
    team: 'Sales',
    weekday: 'MO',
    hour: 9,
    minute: 30,
    minutes: 60,
    description: 'Weekly pipeline review: new opportunities, deals at risk, forecast for the quarter.',
  },
  {
    subject: 'Customer success stand-up',
    team: 'Customer success',
    weekday: 'TU',
    hour: 10,
    minute: 0,
    minutes: 30,
    description: 'Open escalations, renewals due this month, onboarding in progress.',
  },
  {
    subject: 'Sales & success handover',
    team: '*',
    weekday: 'TH',
    hour: 14,
    minute: 0,
    minutes: 30,
    description: 'New customers handed over from sales to customer success; accounts needing both teams.',
  },
];

export const meetingLocations = [
  'Video call',
  'Video call',
  'Video call',
  'Phone',
  'At {company}, {city}',
  'Our office',
] as const;
