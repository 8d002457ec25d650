// Live updates over /api/v1/realtime: the messages the server sends and the codes it closes with.

export interface RecordChanged {
  type: 'record.changed';
  object: string;
  id?: string;
  action?: 'created' | 'updated' | 'deleted' | 'restored' | 'merged' | string;
}

/** WebSocket close codes (4000–4999 are the application's). */
export const realtimeClose = {
  /** The session ended (sign-out, revoked, expired) or the user was deactivated: sign in again. */
  sessionEnded: 4401,
  /** The user's role, team or rights changed: what the app shows may no longer be theirs to see. */
  accessChanged: 4403,
  /** Too many live connections for this user: close other tabs, or wait. */
  tooMany: 4429,
} as const;
