// The web app's addresses. Every object's pages live under its plural at the root (/contacts,
// /contacts/{id}, /contacts/new, /contacts/import), so the first segments the app keeps for itself
// can never be an object's plural.
export const reservedPaths = [
  'o', // the old /o/{plural}/… links, kept as redirects
  'settings',
  'login',
  'setup',
  'forgot-password',
  'reset-password',
  'accept-invite',
  'api',
  'assets',
  'metrics',
  'calendar', // opens the events' calendar layout
  'home', // a person's day: tasks, meetings, mentions
  'sales', // the sales dashboard: forecast, pipeline, win rate, leaderboard
  'approvals', // what waits for a person's approval (and /api/v1/approvals is the approvals API)
  'q', // a customer's quote through its signed link (/q/{token}), no sign-in
  'commissions', // a rep's commission statement per period (and the team's, for managers)
] as const;

export function isReservedPath(segment: string): boolean {
  return (reservedPaths as readonly string[]).includes(segment.toLowerCase());
}
